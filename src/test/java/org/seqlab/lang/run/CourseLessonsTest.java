package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The course's lessons (scripts/course) claim what they show; each claim is checked here on the numbers the
 * lesson prints, from the lesson file itself (with a smaller configuration where the lesson's takes long).
 */
class CourseLessonsTest {

    static final Path DIR = Path.of("scripts/course");

    static String lesson(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    /** The lesson's statements, the first comment block (what it shows) and the last (what to look at) apart. */
    @Test
    void everyLessonIsNumberedAndSaysWhatItShowsAndWhatToLookAt() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".seq")).sorted().toList();
        }
        assertTrue(files.size() >= 3, files.toString());
        for (Path f : files) {
            assertTrue(f.getFileName().toString().matches("\\d\\d_[a-z0-9_]+\\.seq"), f.toString());
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            assertTrue(lines.get(0).startsWith("# Lesson " + Integer.parseInt(f.getFileName().toString().substring(0, 2)) + ":"),
                    f + ": " + lines.get(0));
            assertTrue(lines.get(lines.size() - 1).startsWith("#") || lines.get(lines.size() - 2).startsWith("#"), f.toString());
            assertTrue(String.join("\n", lines).contains("# What to look at:"), f.toString());
        }
    }

    /** The factors the captions of `inspect gradients` print, in order. */
    static List<Double> shrinkFactors(String output) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("first step \\S+: (\\S+)x (smaller|larger) over the (\\d+) steps").matcher(output);
        while (m.find()) {
            double f = Double.parseDouble(m.group(1));
            out.add(m.group(2).equals("smaller") ? f : 1 / f);
            assertEquals("20", m.group(3));
        }
        return out;
    }

    @Test
    void lesson04TheSrnsGradientVanishesOverTwentyStepsTheLstmsDoesNot() throws IOException {
        EngineHarness h = new EngineHarness().run(lesson("04_vanishing_gradient.seq").replace("sentences=2000", "sentences=300"));
        List<Double> f = shrinkFactors(h.output());
        assertEquals(2, f.size(), h.output());
        assertTrue(f.get(0) > 10, "SRN: " + f.get(0));
        assertTrue(f.get(1) < 10, "LSTM: " + f.get(1));
    }
}
