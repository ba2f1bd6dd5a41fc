package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Jupyter client: installs the kernelspec into a temporary JUPYTER_PATH, checks that
 * {@code jupyter kernelspec list} finds it, runs {@code notebooks/tour.ipynb} with nbclient
 * ({@code notebooks/execute.py}) and reads the saved outputs. Skipped where Jupyter or nbclient is missing.
 */
@Tag("slow")
class JupyterNotebookTest {

    @TempDir
    Path dir;

    @Test
    void theTourRunsInRealJupyterWithPicturesTablesAndTheErrorCell() throws Exception {
        String python = ExternalJupyter.pythonWithNbclient();
        assumeTrue(python != null && ExternalJupyter.run(List.of("jupyter", "--version"), null).code() == 0, "Jupyter with nbclient is not installed");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertEquals(0, KernelSpec.command(List.of("install", "--prefix", dir.toString()), new PrintStream(said), new PrintStream(said)));
        String jupyterPath = dir.resolve("share/jupyter").toString();

        ExternalJupyter.Result list = ExternalJupyter.run(List.of("jupyter", "kernelspec", "list", "--json"), jupyterPath);
        JsonObject specs = new Gson().fromJson(list.out().substring(Math.max(0, list.out().indexOf('{'))), JsonObject.class).getAsJsonObject("kernelspecs");
        assertTrue(specs.has("seqlab"), list.out());
        assertEquals("seqlab", specs.getAsJsonObject("seqlab").getAsJsonObject("spec").get("display_name").getAsString());

        Path out = dir.resolve("tour.ipynb");
        ExternalJupyter.Result ran = ExternalJupyter.run(List.of(python, "notebooks/execute.py", "notebooks/tour.ipynb", out.toString()), jupyterPath);
        assertEquals(0, ran.code(), ran.out());

        JsonArray cells = new Gson().fromJson(Files.readString(out), JsonObject.class).getAsJsonArray("cells");
        JsonArray gates = outputsOf(cells, "inspect gates");
        assertTrue(has(gates, "display_data", "image/png"), gates.toString().substring(0, 300));
        assertTrue(has(outputsOf(cells, "inspect attention"), "display_data", "image/png"));
        assertTrue(has(outputsOf(cells, "plot loss"), "display_data", "image/png"));
        JsonArray summary = outputsOf(cells, "model lm {");
        String table = summary.asList().stream().filter(o -> o.getAsJsonObject().has("data"))
                .map(o -> String.join("", strings(o.getAsJsonObject().getAsJsonObject("data").get("text/html")))).findFirst().orElse("");
        assertTrue(table.contains("<table>") && table.contains("<th>params</th>"), table);
        JsonObject error = outputsOf(cells, "model broken").get(0).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("CheckError", error.get("ename").getAsString());
        assertTrue(error.get("evalue").getAsString().matches("cell\\[\\d+]:3:9: error: unknown layer kind 'lstn'"), error.toString());
        assertEquals("          ^~~~", error.getAsJsonArray("traceback").get(2).getAsString());
    }

    private static JsonArray outputsOf(JsonArray cells, String sourceStart) {
        for (JsonElement c : cells) {
            JsonObject cell = c.getAsJsonObject();
            if (cell.get("cell_type").getAsString().equals("code") && String.join("", strings(cell.get("source"))).startsWith(sourceStart)) {
                return cell.getAsJsonArray("outputs");
            }
        }
        throw new AssertionError("no cell starting with " + sourceStart);
    }

    private static boolean has(JsonArray outputs, String type, String mime) {
        return outputs.asList().stream().map(JsonElement::getAsJsonObject)
                .anyMatch(o -> o.get("output_type").getAsString().equals(type) && o.getAsJsonObject("data").has(mime));
    }

    /** A notebook string field: one string or a list of lines. */
    private static List<String> strings(JsonElement e) {
        if (e == null) return List.of();
        if (e.isJsonArray()) return e.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
        return List.of(e.getAsString());
    }

}
