package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One course notebook made from its lesson ({@code bin/seqlab notebook}'s {@link LessonNotebook}) runs in real
 * Jupyter (nbclient, through notebooks/execute.py) with the seqlab kernel: every cell runs, the summary comes out
 * as a table and the hidden states as a picture. Skipped where nbclient is missing.
 */
@Tag("slow")
class CourseNotebookRunTest {

    @TempDir
    Path dir;

    @Test
    void lessonTwosNotebookRunsWithATableAndAPicture() throws Exception {
        String python = ExternalJupyter.pythonWithNbclient();
        assumeTrue(python != null, "nbclient is not installed");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertEquals(0, KernelSpec.command(List.of("install", "--prefix", dir.toString()), new PrintStream(said), new PrintStream(said)));
        Path nb = dir.resolve("02.ipynb");
        Path lesson = Path.of("scripts/course/02_srn_recurrence.seq");
        Files.writeString(nb, LessonNotebook.json(Files.readString(lesson, StandardCharsets.UTF_8), lesson, nb));
        ExternalJupyter.Result ran = ExternalJupyter.run(List.of(python, "notebooks/execute.py", nb.toString()), dir.resolve("share/jupyter").toString());
        assertEquals(0, ran.code(), ran.out());
        List<String> mimes = new ArrayList<>();
        int code = 0, withOutput = 0;
        for (JsonElement e : new Gson().fromJson(Files.readString(nb), JsonObject.class).getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            if (!c.get("cell_type").getAsString().equals("code")) continue;
            code++;
            if (!c.getAsJsonArray("outputs").isEmpty()) withOutput++;
            for (JsonElement o : c.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                assertTrue(!out.get("output_type").getAsString().equals("error"), out.toString());
                if (out.has("data")) mimes.addAll(out.getAsJsonObject("data").keySet());
            }
        }
        assertEquals(code, withOutput);
        assertTrue(mimes.contains("image/png"), mimes.toString());
        assertTrue(mimes.contains("text/html"), mimes.toString());
    }
}
