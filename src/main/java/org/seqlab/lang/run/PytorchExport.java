package org.seqlab.lang.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.seqlab.data.Dataset;
import org.seqlab.lang.ast.Statement;
import org.seqlab.export.ExportRefusal;
import org.seqlab.export.TrainingExport;
import org.seqlab.session.LoadedData;
import org.seqlab.session.ModelSession;
import org.seqlab.session.Workspace;
import org.seqlab.train.Checkpoint;

/**
 * {@code export pytorch "lm.py"}: writes the current (or named) model as a PyTorch module with a loader for
 * the checkpoint {@code save} writes. The file is written atomically (temporary file beside it, then rename).
 * The demo's default checkpoint is the export's name with {@code .safetensors} for {@code .py}.
 * {@code export pytorch "DIR/" training} writes a folder that continues the model's training run in PyTorch.
 */
final class PytorchExport {

    private PytorchExport() {
    }

    static void export(Statement.Export s, Workspace ws, PrintStream out) {
        String name = TensorEngine.modelName(s.model(), ws, s);
        ModelSession m = TensorEngine.existing(name, ws, s);
        if (s.opts().has("training")) {
            training(s, name, m, ws, out);
            return;
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

    /**
     * {@code export pytorch "DIR/" training}: the checkpoint as {@code save} writes it, and beside it the module, the
     * data, the run's options and train.py ({@link TrainingExport}). Needs the options of a run in this session.
     */
    private static void training(Statement.Export s, String name, ModelSession m, Workspace ws, PrintStream out) {
        String folder = CheckpointIo.path(s.file());
        if (m.lastConfig() == null || m.state.batcherKey() == null) {
            throw RunFailure.at(s.span(), "export with training continues a run, and '" + name + "' has not trained in this session",
                    "train it first (train " + name + " on DATA ...), then export pytorch \"" + folder + "\" training");
        }
        Dataset data = MaskedObjective.forEvaluate(trainedOn(m, ws), ws, name);   // a masked run's corpus gains <mask>
        TrainingExport.Run run = new TrainingExport.Run(name, m.state.net(), m.state, m.lastConfig(), data, 32,
                m.state.model() != null ? Windows.fit(m.state.model(), 64) : 64, m.lastDropout());
        String why = TrainingExport.refusal(run);
        if (why != null) {
            throw RunFailure.at(s.span(), "not available yet: export pytorch \"DIR/\" training of '" + name + "': " + why,
                    "export pytorch \"" + name + ".py\" writes the module and loader for the same weights");
        }
        List<String> files;
        try {
            files = TrainingExport.write(Path.of(folder), run,
                    file -> Checkpoint.save(file, m.state, m.lastConfig(), CheckpointIo.metadata(name, m)));
        } catch (ExportRefusal e) {
            throw RunFailure.at(ExportSource.spanOf(e.layer(), m, s.span()), "cannot export " + name + " to PyTorch: " + e.getMessage(),
                    "save \"" + name + ".safetensors\" keeps its weights; the README lists the layers export writes");
        } catch (IOException | RuntimeException e) {
            throw RunFailure.at(s.file().span(), "cannot write " + folder + ": " + e.getMessage());
        }
        String shown = folder.endsWith("/") ? folder : folder + "/";
        out.println("exported " + name + " with its training (step " + m.state.step() + ") to " + shown + ": "
                + String.join(", ", files));
        out.println("continue it: python3 " + shown + TrainingExport.SCRIPT + " [--steps N]   or   torchrun --nproc_per_node=N "
                + shown + TrainingExport.SCRIPT + "; then in seqlab: load \"" + shown + "continued.safetensors\"");
    }

    /** The data set the model's last run trained on, as this session holds it (declared or loaded); null if none. */
    private static Dataset trainedOn(ModelSession m, Workspace ws) {
        String key = m.state.batcherKey();
        int at = key.lastIndexOf(" batch=");
        if (at < 0) return null;
        String dataName = key.substring(0, at);
        if (dataName.endsWith(" masked")) dataName = dataName.substring(0, dataName.length() - " masked".length());
        for (LoadedData l : ws.dataSets().values()) {
            if (l.data().name().equals(dataName)) return l.data();
        }
        return null;
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
