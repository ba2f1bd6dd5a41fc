package org.seqlab.lang.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.seqlab.lang.ast.Statement;
import org.seqlab.export.ExportRefusal;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;

/**
 * {@code export pytorch "lm.py"}: writes the current (or named) model as a PyTorch module with a loader for
 * the checkpoint {@code save} writes. The file is written atomically (temporary file beside it, then rename).
 * The demo's default checkpoint is the export's name with {@code .safetensors} for {@code .py}.
 */
final class PytorchExport {

    private PytorchExport() {
    }

    static void export(Statement.Export s, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelSession m = TensorEngine.existing(name, ws, s);
        if (s.opts().has("training")) {
            throw RunFailure.at(s.span(), "not available yet: export pytorch \"DIR/\" training (a folder that continues this run in PyTorch)",
                    "export pytorch \"" + name + ".py\" writes the module and loader for the same weights; continuing a run is issue #15");
        }
        String file = CheckpointIo.path(s.file());
        String checkpoint = (file.endsWith(".py") ? file.substring(0, file.length() - 3) : file) + ".safetensors";
        String text;
        try {
            text = ExportSource.of(name, m, Path.of(checkpoint).getFileName().toString());
        } catch (ExportRefusal e) {
            throw RunFailure.at(ExportSource.spanOf(e.layer(), m, s.span()), "cannot export " + name + " to PyTorch: " + e.getMessage(),
                    "save \"" + name + ".safetensors\" keeps its weights; the README lists the layers export writes");
        }
        try {
            write(Path.of(file), text);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.at(s.file().span(), "cannot write " + file + ": " + e.getMessage());
        }
        out.println("exported " + name + " to " + file + " (PyTorch module and loader); run: python3 " + file + " "
                + checkpoint + "  (after save \"" + checkpoint + "\")");
    }

    /** Writes text to a temporary file in the same folder and renames it over path. */
    static void write(Path path, String text) throws IOException {
        Path abs = path.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
