package org.seqlab.lang;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.Spec;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.check.UseResolver;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.Interpreter;

/**
 * Every code block of the language reference (a copy in src/test/resources/LANGUAGE.md) must parse
 * and check, given a preamble that declares the data and models the examples name. Where a line
 * lists alternatives as documentation ({@code set backend=cpu|cuda|auto}), one example per
 * alternative is checked. The examples in :help (the spec tables) are held to the same rule.
 */
public class LanguageExamplesTest {

    static final String PREAMBLE = """
            corpus shakespeare = "data/plays.txt"           # only declared: the checker needs the name, not the file
            corpus wiki = "wiki.txt"
            task reverse length=12
            model lm { embed 16; layer lstm(hidden=16); output softmax }
            model bert { embed 16; transformer heads=2 dim=16; output softmax }
            corpus elman sentences=200
            corpus pairs = "pairs.txt"
            data reviews = "reviews.tsv" format=labeled
            series prices = "prices.csv" column=close window=30
            model sentiment { embed 16; layer lstm(hidden=16); pool last; output softmax }
            model translator {
              encoder { embed 8; layer gru(hidden=8) }
              decoder { embed 8; layer gru(hidden=8); attention over=encoder; output softmax }
            }
            """;

    /** {@code name=a|b|c} outside comments: documentation for "one of". */
    private static final Pattern ALTERNATIVES = Pattern.compile("(\\w+=)(\\w+(?:\\|\\w+)+)");

    public static List<String> codeBlocks() throws IOException {
        String md = Files.readString(Path.of("src/test/resources/LANGUAGE.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(md);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The block once per alternative of its first documented choice (recursively for the rest). */
    public static List<String> expand(String block) {
        for (String line : block.split("\n")) {
            String code = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            Matcher m = ALTERNATIVES.matcher(code);
            if (m.find()) {
                List<String> out = new ArrayList<>();
                for (String alt : m.group(2).split("\\|")) {
                    String newLine = code.substring(0, m.start()) + m.group(1) + alt + code.substring(m.end())
                            + line.substring(code.length());
                    out.addAll(expand(block.replace(line, newLine)));
                }
                return out;
            }
        }
        return List.of(block);
    }

    static void check(String text) {
        Interpreter interp = new Interpreter(Engine.NONE, new PrintStream(OutputStream.nullOutputStream()),
                new UseResolver(List.of(Path.of("").toAbsolutePath())));
        try {
            interp.check("example.seq", PREAMBLE + text);
        } catch (DiagnosticException e) {
            throw new AssertionError("example does not check:\n" + text + "\n" + DiagnosticFormatter.format(e.diagnostics()));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleChecks() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> blocks = codeBlocks();
        assertTrue(blocks.size() >= 8, "found only " + blocks.size() + " code blocks");
        for (int i = 0; i < blocks.size(); i++) {
            List<String> variants = expand(blocks.get(i));
            for (int j = 0; j < variants.size(); j++) {
                String v = variants.get(j);
                tests.add(DynamicTest.dynamicTest("block " + (i + 1) + " variant " + (j + 1), () -> check(v)));
            }
        }
        return tests.stream();
    }

    @Test
    void alternativesAreExpanded() {
        assertTrue(expand("set backend=cpu|cuda|auto\n").equals(
                List.of("set backend=cpu\n", "set backend=cuda\n", "set backend=auto\n")));
    }

    @TestFactory
    Stream<DynamicTest> everyHelpExampleChecks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Spec s : StatementSpecs.statements().values()) {
            String text = s.name().equals("stop") ? "train lm on shakespeare { " + s.example() + " }" : s.example();
            tests.add(DynamicTest.dynamicTest("statement " + s.name(), () -> check(text)));
        }
        for (Spec s : LayerSpecs.all().values()) {
            tests.add(DynamicTest.dynamicTest("layer " + s.name(), () -> check("model m { " + s.example() + " }")));
        }
        for (Spec s : StatementSpecs.inspections().values()) {
            tests.add(DynamicTest.dynamicTest("inspect " + s.name(), () -> check(s.example())));
        }
        return tests.stream();
    }

    /** The checker takes every parameter each generator takes (task reverse min_length=, task sort). */
    @TestFactory
    Stream<DynamicTest> everyGeneratorParameterChecks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String task : org.seqlab.data.Generators.taskNames()) {
            for (org.seqlab.data.Generators.Option p : org.seqlab.data.Generators.parameters(task)) {
                String text = "task " + task + " " + p.name() + "=" + (p.integer() ? "2" : "0.5");
                tests.add(DynamicTest.dynamicTest(text, () -> check(text)));
            }
        }
        tests.add(DynamicTest.dynamicTest("train with dropout=", () -> check("train lm on shakespeare dropout=0.3")));
        return tests.stream();
    }
}
