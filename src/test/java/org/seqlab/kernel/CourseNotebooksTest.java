package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The course notebooks (notebooks/course) are made from the lessons (scripts/course) by {@link LessonNotebook}
 * (notebooks/course/make). A notebook whose cells no longer match its lesson, a lesson without a notebook and a
 * notebook without a lesson all fail here; outputs are not compared (they come from running the notebook).
 */
class CourseNotebooksTest {

    static final Path LESSONS = Path.of("scripts/course"), NOTEBOOKS = Path.of("notebooks/course");

    private static List<String> names(Path dir, String ext) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ext))
                    .map(n -> n.substring(0, n.length() - ext.length())).sorted().toList();
        }
    }

    @Test
    void everyLessonHasANotebookAndEveryNotebookALesson() throws IOException {
        assertEquals(names(LESSONS, ".seq"), names(NOTEBOOKS, ".ipynb"),
                "run notebooks/course/make (or: bin/seqlab notebook scripts/course/NAME.seq notebooks/course/NAME.ipynb)");
    }

    @Test
    void everyNotebooksCellsAreTheCellsOfItsLessonAsItIsNow() throws IOException {
        for (String name : names(NOTEBOOKS, ".ipynb")) {
            Path lesson = LESSONS.resolve(name + ".seq");
            if (!Files.exists(lesson)) continue;
            List<LessonNotebook.Cell> want = LessonNotebook.cells(Files.readString(lesson, StandardCharsets.UTF_8), lesson,
                    NOTEBOOKS.resolve(name + ".ipynb"));
            JsonObject nb = new Gson().fromJson(Files.readString(NOTEBOOKS.resolve(name + ".ipynb"), StandardCharsets.UTF_8), JsonObject.class);
            List<LessonNotebook.Cell> have = new ArrayList<>();
            for (JsonElement e : nb.getAsJsonArray("cells")) {
                JsonObject c = e.getAsJsonObject();
                List<String> tags = new ArrayList<>();
                JsonObject meta = c.getAsJsonObject("metadata");
                if (meta != null && meta.has("tags")) meta.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
                have.add(new LessonNotebook.Cell(c.get("cell_type").getAsString(), source(c.get("source")), tags));
            }
            assertEquals(want, have, "notebooks/course/" + name + ".ipynb is out of date with its lesson: run notebooks/course/make " + lesson);
        }
    }

    @Test
    void aNotebookHasAtLeastOneCodeCellWithOutputsSoThePicturesShow() throws IOException {
        for (String name : names(NOTEBOOKS, ".ipynb")) {
            JsonObject nb = new Gson().fromJson(Files.readString(NOTEBOOKS.resolve(name + ".ipynb"), StandardCharsets.UTF_8), JsonObject.class);
            boolean ran = false;
            for (JsonElement e : nb.getAsJsonArray("cells")) {
                JsonObject c = e.getAsJsonObject();
                if (c.get("cell_type").getAsString().equals("code") && !c.getAsJsonArray("outputs").isEmpty()) ran = true;
            }
            assertTrue(ran, name + ".ipynb was saved without running it: notebooks/course/make scripts/course/" + name + ".seq");
        }
    }

    @Test
    void aLessonSplitsIntoItsOpeningTextItsStatementGroupsAndWhatToLookAt() {
        String lesson = """
                # Lesson 9: a title.
                #   scripts/lesson scripts/course/09_x.seq        (a few seconds)
                #
                # What it shows,
                # in two lines.
                set seed=1
                corpus elman sentences=10

                # a remark between groups

                # a comment that leads its statements stays with them
                model m { embed 4; layer lstm(hidden=4); output softmax }
                train m on elman steps=1   # refused on purpose: for the test
                # What to look at: this.
                # And that.
                """;
        List<LessonNotebook.Cell> cells = LessonNotebook.cells(lesson);
        assertEquals(List.of(
                new LessonNotebook.Cell("markdown", "# Lesson 9: a title.\n\n```\nscripts/lesson scripts/course/09_x.seq        (a few seconds)\n```\n\n"
                        + "What it shows,\nin two lines.", List.of()),
                new LessonNotebook.Cell("code", "set seed=1\ncorpus elman sentences=10", List.of()),
                new LessonNotebook.Cell("markdown", "a remark between groups", List.of()),
                new LessonNotebook.Cell("code", "# a comment that leads its statements stays with them\n"
                        + "model m { embed 4; layer lstm(hidden=4); output softmax }\n"
                        + "train m on elman steps=1   # refused on purpose: for the test", List.of("raises-exception")),
                new LessonNotebook.Cell("markdown", "What to look at: this.\nAnd that.", List.of())), cells);
        JsonObject nb = new Gson().fromJson(LessonNotebook.json("09_x", lesson), JsonObject.class);
        assertEquals(4, nb.get("nbformat").getAsInt());
        assertEquals("seqlab", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
        JsonArray source = nb.getAsJsonArray("cells").get(1).getAsJsonObject().getAsJsonArray("source");
        assertEquals("set seed=1\n", source.get(0).getAsString());
        assertEquals("corpus elman sentences=10", source.get(1).getAsString());
        assertEquals("09_x-02", nb.getAsJsonArray("cells").get(1).getAsJsonObject().get("id").getAsString());
    }

    @Test
    void aFileTheLessonReadsBesideItselfIsNamedFromTheNotebooksFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("scripts/course/data"));
        Files.writeString(dir.resolve("scripts/course/data/r.tsv"), "pos\tgood\n");
        String lesson = "# Lesson 1: x.\ndata r = \"data/r.tsv\" format=labeled\ninspect hidden on \".\"\n# What to look at: y.\n";
        List<LessonNotebook.Cell> cells = LessonNotebook.cells(lesson, dir.resolve("scripts/course/01_x.seq"),
                dir.resolve("notebooks/course/01_x.ipynb"));
        assertEquals("data r = \"../../scripts/course/data/r.tsv\" format=labeled\ninspect hidden on \".\"", cells.get(1).source());
    }

    private static String source(JsonElement e) {
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
            return sb.toString();
        }
        return e.getAsString();
    }
}
