package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.lang.check.UseResolver;

/**
 * Every code block of the language reference (src/test/resources/LANGUAGE.md), each documented alternative
 * separately, runs on the real engine, not only checks: after a preamble that gives the names the examples use
 * small data (a word corpus made of the examples' own quoted text, a few hundred generated examples, small
 * files for the labelled, paired and series data) and trains each named model a step. Sizes in the examples
 * are made small (steps, samples, sample lengths); files they write go to a temporary folder.
 */
class LanguageExamplesRunTest {
    @TempDir static Path dir;

    /** Errors an example may end with here, each for a stated reason: the variant is reported as skipped. */
    private static final Map<String, String> KNOWN = Map.of(
            "backend=cuda is not available", "no GPU on this machine (the same example runs where there is one)");

    /**
     * What an example that holds the key (as written) must print, beside running: the preamble trained bert with
     * objective=masked alone, so objective=masked+next_sentence grows it.
     */
    private static final Map<String, String> EXPECT = Map.of(
            "train bert on pairs objective=masked+next_sentence", "bert: added segment embeddings, a next-sentence head and "
                    + "<cls>, <sep>, <pad> for objective=masked+next_sentence");

    /** Quoted strings in the examples that are text (not files): the stand-in corpus is made of them. */
    private static List<String> prompts(List<String> blocks) {
        Set<String> out = new LinkedHashSet<>();
        for (String b : blocks) {
            Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(b.replaceAll("#[^\\n]*", ""));
            while (m.find()) if (!m.group(1).contains(".") || m.group(1).contains(" ")) out.add(m.group(1));
        }
        out.remove("...");
        return new ArrayList<>(out);
    }

    private static String preamble(List<String> blocks) throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> p = prompts(blocks);
        for (int i = 0; i < 30; i++) for (String s : p) text.append(s.replace("<mask>", "the")).append(" . ");
        Files.writeString(dir.resolve("plays.txt"), text.toString());
        StringBuilder tsv = new StringBuilder(), csv = new StringBuilder("day,close\n");
        for (int i = 0; i < 40; i++) tsv.append(i % 2 == 0 ? "pos\twhat a great film\n" : "neg\twhat a dull film\n");
        for (int i = 0; i < 200; i++) csv.append(i).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", 10 + Math.sin(i / 5.0))).append('\n');
        Files.writeString(dir.resolve("reviews.tsv"), tsv.toString());
        Files.writeString(dir.resolve("prices.csv"), csv.toString());
        Files.writeString(dir.resolve("pairs.txt"), text.toString());
        String d = dir.toString().replace("\\", "/");
        return "set seed=1\n"
                + "corpus shakespeare = \"" + d + "/plays.txt\" tokens=word\n"
                + "corpus wiki = \"" + d + "/plays.txt\" tokens=word\n"
                + "corpus pairs = \"" + d + "/pairs.txt\" tokens=word\n"
                + "task reverse length=6 samples=200\n"
                + "corpus elman sentences=200\n"
                + "data reviews = \"" + d + "/reviews.tsv\" format=labeled\n"
                + "series prices = \"" + d + "/prices.csv\" column=close window=30\n"
                + "model bert { embed 16; transformer heads=2 dim=16; output softmax }\n"
                + "train bert on wiki objective=masked steps=1 batch=4 seq=8\n"
                + "model sentiment { embed 16; layer lstm(hidden=16); pool last; output softmax }\n"
                + "train sentiment on reviews steps=1 batch=4\n"
                + "model trend { layer lstm(hidden=8); pool last; output linear }\n"
                + "train trend on prices steps=1 batch=4\n"
                + "model translator {\n  encoder { embed 8; layer gru(hidden=8) }\n"
                + "  decoder { embed 8; layer gru(hidden=8); attention over=encoder; output softmax }\n}\n"
                + "train translator on reverse steps=1 batch=4\n"
                // the current model: an LSTM under two attention layers of 4 heads (inspect gates layer=1, attention
                // layer=2 head=3) with 48 units (neuron unit=42)
                + "model lm { embed 16; layer lstm(hidden=48); attention heads=4 causal; attention heads=4 causal; output softmax }\n"
                + "train lm on shakespeare steps=1 batch=4 seq=8\n";
    }

    /** The example with small sizes and its files in the temporary folder; the statements stay as written. */
    static String small(String block) {
        String d = dir.toString().replace("\\", "/");
        String s = block.replaceAll("\\bepochs=\\d+", "steps=2")
                .replaceAll("\\bsteps=\\d+", "steps=2")
                .replaceAll("\\bevery \\d+ steps", "every 1 steps")
                .replaceAll("\\bwarmup=\\d+", "warmup=1")
                .replaceAll("\\b(sentences|samples)=\\d+", "$1=200")
                .replaceAll("\\blength=\\d+(,\\d+)*", "length=6")
                .replaceAll("\\bsample \\d+", "sample 10")
                .replaceAll("\\bforecast (\\w+) steps=2", "forecast $1 steps=5")
                .replaceAll("\\bbatch=\\d+", "batch=4")
                .replaceAll("\\bseq=\\d+", "seq=8")
                .replaceAll("\\blength=5000", "length=300");
        // files: data the examples read are the stand-ins; files they write go to the folder
        s = s.replaceAll("\"data/tinyshakespeare.txt\"", "\"" + d + "/plays.txt\"")
                .replaceAll("\"(reviews\\.tsv|prices\\.csv|pairs\\.txt)\"", "\"" + d + "/$1\"")
                .replaceAll("\"([\\w-]+\\.(png|svg|html|safetensors|py))\"", "\"" + d + "/$1\"")
                .replaceAll("\"([\\w-]+/)\"", "\"" + d + "/$1\"")
                // "the current model" on an anonymous char corpus: a char model of its own (lm reads words)
                .replace("train on corpus.txt", "model current { embed 8; layer gru(hidden=8); output softmax }\ntrain on " + d + "/plays.txt");
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRuns() throws IOException {
        List<String> blocks = org.seqlab.lang.LanguageExamplesTest.codeBlocks();
        String preamble = preamble(blocks);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            List<String> variants = org.seqlab.lang.LanguageExamplesTest.expand(blocks.get(i));
            for (int j = 0; j < variants.size(); j++) {
                String example = small(variants.get(j));
                tests.add(DynamicTest.dynamicTest("block " + (i + 1) + " variant " + (j + 1), () -> run(preamble, example)));
            }
        }
        return tests.stream();
    }

    /**
     * Runs the example in a fresh session after the preamble. A line that ends with a known gap is blanked and the
     * example run again from the start, so the rest of it still has to run; the variant is then reported skipped
     * with the gaps' reasons.
     */
    private static void run(String preamble, String example) {
        List<String> gaps = new ArrayList<>();
        String text = example;
        while (true) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Interpreter interp = new Interpreter(new TensorEngine(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    new UseResolver(List.of(Path.of("").toAbsolutePath())));
            interp.run("preamble.seq", preamble);
            try {
                interp.run("example.seq", text);
                assertTrue(bytes.size() > 0, "the example printed nothing:\n" + example);
                String printed = bytes.toString(StandardCharsets.UTF_8);
                for (Map.Entry<String, String> e : EXPECT.entrySet()) {
                    assertTrue(!text.contains(e.getKey()) || printed.contains(e.getValue()),
                            "the example did not print \"" + e.getValue() + "\":\n" + text + "\n" + printed);
                }
                break;
            } catch (DiagnosticException | RunFailure e) {
                String message = e instanceof DiagnosticException d ? DiagnosticFormatter.format(d.diagnostics()) : e.getMessage();
                String reason = KNOWN.entrySet().stream().filter(g -> message.contains(g.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
                Matcher at = Pattern.compile("example\\.seq:(\\d+):").matcher(message);
                if (reason == null || !at.find()) {
                    throw new AssertionError("example does not run:\n" + text + "\n" + message + "\n" + bytes.toString(StandardCharsets.UTF_8));
                }
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int line = Integer.parseInt(at.group(1)) - 1;
                gaps.add(reason + " (" + lines.get(line).strip() + ")");
                lines.set(line, "");
                text = String.join("\n", lines);
            }
        }
        assumeTrue(gaps.isEmpty(), "the rest ran; left out: " + String.join("; ", gaps));
    }
}
