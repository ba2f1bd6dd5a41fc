package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.nn.Param;
import org.seqlab.session.Workspace;

class CheckpointTest {

    private static final String TRAIN = "train lm on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000\n";

    @Test
    void loadAndTrainContinuesAsIfNeverStopped(@TempDir Path dir) {
        String file = dir.resolve("lm.safetensors").toString().replace("\\", "/");
        String start = EngineHarness.DATA + EngineHarness.MODEL;
        List<Double> straight = new EngineHarness().run(start + String.format(TRAIN, 16)).losses("lm");

        EngineHarness first = new EngineHarness().run(start + String.format(TRAIN, 8) + "save \"" + file + "\"\n");
        EngineHarness second = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\n" + String.format(TRAIN, 8));
        assertEquals(straight.subList(0, 8), first.losses("lm"));
        assertEquals(straight, second.losses("lm"), "the loaded history, then resumed losses equal the uninterrupted run's");
        assertEquals(16, second.session("lm").state.step());
    }

    /** plot loss after load draws the whole run: the history travels in the checkpoint, NaN val_loss included. */
    @Test
    void theLossHistoryIsSavedAndLoaded(@TempDir Path dir) {
        String file = dir.resolve("lm.safetensors").toString().replace("\\", "/");
        EngineHarness first = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=6 batch=4 seq=8 lr=1e-2 validate=3\nsave \"" + file + "\"\n");
        EngineHarness second = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\nplot loss\n");
        List<org.seqlab.train.HistoryPoint> saved = first.session("lm").state.history();
        assertEquals(6, saved.size());
        assertTrue(saved.stream().anyMatch(p -> !Double.isNaN(p.valLoss())) && saved.stream().anyMatch(p -> Double.isNaN(p.valLoss())));
        assertEquals(saved, second.session("lm").state.history());
        assertTrue(!second.output().contains("nothing to plot"), second.output());
    }

    /** beta1=/beta2= change Adam's trajectory, are kept in the checkpoint, and a resumed run uses them. */
    @Test
    void adamBetasChangeTrainingAndSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
        String file = dir.resolve("lm.safetensors").toString().replace("\\", "/");
        String start = EngineHarness.DATA + EngineHarness.MODEL;
        String betas = "train lm on elman steps=%d batch=4 seq=8 lr=1e-2 validate=1000 beta1=0.8 beta2=0.99\n";
        List<Double> defaults = new EngineHarness().run(start + String.format(TRAIN, 8)).losses("lm");
        List<Double> straight = new EngineHarness().run(start + String.format(betas, 8)).losses("lm");
        assertTrue(!defaults.subList(1, 8).equals(straight.subList(1, 8)), "other betas, other losses");

        new EngineHarness().run(start + String.format(betas, 4) + "save \"" + file + "\"\n");
        String header = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"optimizer.beta2\":\"0.99\""), "betas in the metadata");
        EngineHarness second = new EngineHarness().run(EngineHarness.DATA + "load \"" + file + "\"\n" + String.format(betas, 4));
        assertEquals(straight, second.losses("lm"), "resumed with the saved betas");
    }

    @Test
    void corruptFilesAreRejectedAndChangeNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lm.safetensors");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + String.format(TRAIN, 3)
                + "save \"" + file + "\"\n");
        byte[] good = Files.readAllBytes(file);
        Workspace before = h.interp.workspace();
        Object session = h.session("lm");

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 10));
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("load \"" + truncated + "\""));
        assertTrue(f.diagnostics().get(0).message().startsWith("cannot load"), f.diagnostics().get(0).message());

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, "not a checkpoint at all".getBytes(StandardCharsets.UTF_8));
        assertThrows(RunFailure.class, () -> h.run("load \"" + garbage + "\""));

        byte[] altered = good.clone();
        String header = new String(good, 8, (int) headerLength(good), StandardCharsets.UTF_8);
        int at = 8 + header.indexOf("lstm1.weight_ih_l0");
        altered[at] = 'X';
        Path renamed = dir.resolve("renamed.safetensors");
        Files.write(renamed, altered);
        f = assertThrows(RunFailure.class, () -> h.run("load \"" + renamed + "\""));
        assertTrue(f.diagnostics().get(0).message().contains("renamed.safetensors: the file was damaged or altered after it was saved"),
                f.diagnostics().get(0).message());

        assertThrows(RunFailure.class, () -> h.run("load \"" + dir.resolve("missing.safetensors") + "\""));
        assertSame(before, h.interp.workspace(), "a failed load leaves the workspace as it was");
        assertSame(session, h.session("lm"));
    }

    /** Reads the file with nothing but the format's description: u64 LE header size, JSON header, LE float32 data. */
    @Test
    void independentReaderSeesEveryParameter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lm.safetensors");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL + String.format(TRAIN, 3)
                + "save \"" + file + "\"\n");
        byte[] bytes = Files.readAllBytes(file);
        long n = headerLength(bytes);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        int dataStart = 8 + (int) n;
        Map<String, long[]> offsets = new HashMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\":\\{\"dtype\":\"F32\",\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}")
                .matcher(header.replace(" ", ""));
        while (m.find()) offsets.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        for (Param p : h.session("lm").state.model().params()) {
            long[] o = offsets.get(p.name());
            assertTrue(o != null, p.name() + " missing from " + header);
            float[] want = p.value().toHost();
            assertEquals(4L * want.length, o[1] - o[0]);
            ByteBuffer b = ByteBuffer.wrap(bytes, dataStart + (int) o[0], (int) (o[1] - o[0])).order(ByteOrder.LITTLE_ENDIAN);
            float[] got = new float[want.length];
            for (int i = 0; i < got.length; i++) got[i] = b.getFloat();
            assertArrayEquals(want, got, p.name());
        }
        assertTrue(offsets.containsKey("optim.lstm1.weight_ih_l0.exp_avg"), header);
        assertTrue(header.contains("\"__metadata__\""), header);
        assertTrue(header.contains("model_source") && header.contains("vocabulary") && header.contains("\"step\":\"3\""), header);
    }

    private static long headerLength(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
