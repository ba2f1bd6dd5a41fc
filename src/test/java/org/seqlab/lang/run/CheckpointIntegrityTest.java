package org.seqlab.lang.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.tensor.Safetensors;
import org.seqlab.session.Workspace;

/**
 * {@code load} refuses damaged and implausible checkpoints with a message naming the file and what is
 * wrong, leaves the workspace as it was, and loads a file without a checksum (another tool's) with a note.
 * The crafted files keep a valid checksum, so it is the check behind the checksum that refuses them.
 */
class CheckpointIntegrityTest {

    @TempDir static Path dir;
    static byte[] good;

    @BeforeAll
    static void save() throws Exception {
        Path file = dir.resolve("lm.safetensors");
        new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL
                + "train lm on elman steps=2 batch=4 seq=8 lr=1e-2 validate=1000\nsave \"" + slash(file) + "\"\n");
        good = Files.readAllBytes(file);
    }

    @Test
    void aFlippedBitInTheWeightsIsRefusedNamingTheFile() throws Exception {
        byte[] b = good.clone();
        b[b.length - 100] ^= 0x40;  // an exponent bit of a weight or moment: 1e-2 would become about 1e36
        String why = refused(b, "flipped.safetensors");
        assertTrue(why.startsWith("cannot load " + slash(dir.resolve("flipped.safetensors")) + ": ")
                && why.contains("the file was damaged or altered after it was saved"), why);
    }

    @Test
    void metadataThatMakesNoSenseIsRefused() throws Exception {
        assertEquals("optimizer.kind must be one of sgd, adam, adamw, rmsprop, not 'bogus'",
                tail(refused(withMetadata("optimizer.kind", "bogus"), "kind.safetensors")));
        assertEquals("step must be 0 or more, not -1", tail(refused(withMetadata("step", "-1"), "step.safetensors")));
        assertEquals("optimizer.steps must be from 0 to 2147483647, not 99999999999",
                tail(refused(withMetadata("optimizer.steps", "99999999999"), "steps.safetensors")));
        assertEquals("optimizer.lr must be a finite number, not Infinity",
                tail(refused(withMetadata("optimizer.lr", "Infinity"), "lr.safetensors")));
        assertEquals("optimizer.beta2 must be from 0 up to (not including) 1, not 1.5",
                tail(refused(withMetadata("optimizer.beta2", "1.5"), "beta.safetensors")));
        assertEquals("optimizer.momentum is not a number: 'fast'",
                tail(refused(withMetadata("optimizer.momentum", "fast"), "momentum.safetensors")));
    }

    @Test
    void anOversizedModelSourceIsRefusedBeforeItIsParsed() throws Exception {
        String huge = "model lm {\n" + "  embed 8\n".repeat(120_000) + "}\n";
        String why = tail(refused(withMetadata("model_source", huge), "bomb.safetensors"));
        assertEquals("its model_source is " + huge.length() + " characters long; a model's source is at most 1048576", why);
    }

    @Test
    void aSizeBombInTheModelSourceMeetsTheCheckersLimits() throws Exception {
        String bomb = "model lm {\n  embed 8\n  repeat 1000000000 { layer lstm(hidden=16) }\n  output softmax\n}\n";
        String why = tail(refused(withMetadata("model_source", bomb), "repeat.safetensors"));
        assertEquals("model 'lm' has 1,000,000,002 layers once its repeats are unrolled (at most 10,000)", why);
    }

    @Test
    void aFileWithoutAChecksumLoadsWithANote() throws Exception {
        int n = headerLength(good);
        String h = new String(good, 8, n, StandardCharsets.UTF_8).replaceFirst("\"seqlab\\.crc32c\":\"[0-9a-f]{8}\",", "");
        Path file = write("torch.safetensors", rebuilt(h, n));
        EngineHarness h2 = new EngineHarness().run(EngineHarness.DATA + "load \"" + slash(file) + "\"\n");
        String out = h2.output();
        assertTrue(out.contains("note: " + slash(file) + " has no seqlab.crc32c checksum (written by another tool, or by an older"
                + " seqlab), so damage to it cannot be detected\n"), out);
        assertTrue(out.contains("loaded lm ("), out);
        assertEquals(2, h2.session("lm").state.step());
    }

    @Test
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("pipe.safetensors");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            made = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made, "mkfifo is not available here");
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL);
        Workspace before = h.interp.workspace();
        Exception e = assertThrows(RuntimeException.class, () -> h.run("load \"" + slash(fifo) + "\""));
        String msg = e instanceof RunFailure f ? f.diagnostics().get(0).message()
                : ((org.seqlab.diag.DiagnosticException) e).diagnostics().get(0).message();
        assertTrue(msg.contains("not a regular file"), msg);
        assertSame(before, h.interp.workspace());
    }

    @Test
    void checkingAScriptThatLoadsADeeplyNestedHeaderNeitherOverflowsNorFails() throws Exception {
        String header = "{\"__metadata__\":{\"model_name\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}}";
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + hb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb);
        Path file = write("deep.safetensors", b.array());
        EngineHarness h = new EngineHarness();
        h.interp.check("t.seq", "load \"" + slash(file) + "\"");  // the checker reads the header for the model's name
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("load \"" + slash(file) + "\""));
        assertTrue(f.diagnostics().get(0).message().endsWith("header is not valid JSON: JSON nests more than 64 levels deep at character 92"),
                f.diagnostics().get(0).message());
    }

    /** A copy of the good file with one metadata entry changed, written with a matching checksum. */
    private static byte[] withMetadata(String key, String value) throws Exception {
        Safetensors.Contents c = Safetensors.parse(good, "good");
        Map<String, String> md = new LinkedHashMap<>(c.metadata());
        md.put(key, value);
        return Safetensors.encode(c.tensors(), md);
    }

    /** Loads bytes as NAME into a workspace that has a model; returns the message; checks nothing changed. */
    private static String refused(byte[] bytes, String name) throws Exception {
        Path file = write(name, bytes);
        EngineHarness h = new EngineHarness().run(EngineHarness.DATA + EngineHarness.MODEL);
        Workspace before = h.interp.workspace();
        RunFailure f = assertThrows(RunFailure.class, () -> h.run("load \"" + slash(file) + "\""));
        assertSame(before, h.interp.workspace(), "a refused load leaves the workspace as it was");
        assertEquals(null, h.session("lm"), "and loads no model");
        return f.diagnostics().get(0).message();
    }

    /** The part of "cannot load FILE: WHY" after the file. */
    private static String tail(String message) {
        return message.substring(message.indexOf(".safetensors: ") + ".safetensors: ".length());
    }

    private static Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] rebuilt(String header, int oldLength) {
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + hb.length + good.length - 8 - oldLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb).put(good, 8 + oldLength, good.length - 8 - oldLength);
        return b.array();
    }

    private static int headerLength(byte[] b) {
        return (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String slash(Path p) {
        return p.toString().replace("\\", "/");
    }
}
