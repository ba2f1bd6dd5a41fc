package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.kernel.KernelClient.Msg;

/**
 * The kernel as Jupyter sees it: one kernel JVM started on a connection file, driven over ZeroMQ by
 * {@link KernelClient} (no Python). The tests share its workspace and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelProtocolTest {

    @TempDir
    static Path dir;
    static KernelClient kernel;

    static final String SETUP = """
            corpus elman sentences=300 seed=1
            model m { embed 8; layer lstm(hidden=16); output softmax }
            train m on elman steps=6 batch=8 seq=8
            """;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelClient(dir);
    }

    @AfterAll
    static void stop() {
        if (kernel != null) kernel.close();
    }

    @Test @Order(1)
    void kernelInfoNamesTheLanguage() {
        Msg info = kernel.request("kernel_info_request", new JsonObject(), 10_000);
        JsonObject lang = info.content().getAsJsonObject("language_info");
        assertEquals("seqlab", lang.get("name").getAsString());
        assertEquals(".seq", lang.get("file_extension").getAsString());
        System.out.println("kernel start to first kernel_info reply: " + kernel.startMillis + " ms");
    }

    @Test @Order(2)
    void cellsShareOneWorkspaceAndCommandsWork() {
        List<Msg> r = kernel.execute(SETUP, 120_000);
        assertEquals("ok", r.get(0).content().get("status").getAsString(), KernelClient.stdout(r));
        String out = KernelClient.stdout(r);
        assertTrue(out.contains("defined model m"), out);
        assertTrue(out.contains("done: 6 steps"), out);
        List<Msg> models = kernel.execute(":models\nsummary", 60_000);
        assertTrue(KernelClient.stdout(models).contains("* model m: 3 layers"), KernelClient.stdout(models));
        Msg table = KernelClient.ofType(models, "display_data").get(0);
        String html = table.content().getAsJsonObject("data").get("text/html").getAsString();
        assertTrue(html.contains("<table>") && html.contains("<th>output shape</th>") && html.contains("lstm"), html);
        String plain = table.content().getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(plain.contains("total parameters:"), plain);
    }

    @Test @Order(3)
    void liveTrainingDisplayIsUpdatedInPlace() {
        List<Msg> r = kernel.execute("train m on elman steps=40 batch=8 seq=8 {\n  every 20 steps: inspect hidden on \"boy eat\"\n}", 120_000);
        assertEquals("ok", r.get(0).content().get("status").getAsString());
        List<Msg> shown = KernelClient.ofType(r, "display_data").stream()
                .filter(m -> m.content().has("transient") && m.content().getAsJsonObject("transient").has("display_id")).toList();
        assertEquals(1, shown.size(), "one live display per run");
        long pictures = KernelClient.ofType(r, "display_data").stream()
                .filter(m -> m.content().getAsJsonObject("data").has("image/png")).count();
        assertEquals(2, pictures, "the every-20-steps inspection, inline as the run goes");
        String id = shown.get(0).content().getAsJsonObject("transient").get("display_id").getAsString();
        List<Msg> updates = KernelClient.ofType(r, "update_display_data");
        for (Msg u : updates) assertEquals(id, u.content().getAsJsonObject("transient").get("display_id").getAsString());
        String last = (updates.isEmpty() ? shown.get(0) : updates.get(updates.size() - 1))
                .content().getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(last.matches("epoch \\d+ +step \\d+ .*loss \\d\\.\\d{4}.*tok/s.*"), last);
        assertTrue(KernelClient.stdout(r).contains("done: 40 steps"), KernelClient.stdout(r));
    }

    @Test @Order(4)
    void anInspectionIsAPicture() {
        List<Msg> r = kernel.execute("inspect gates on \"boy eat cookie .\"", 60_000);
        assertEquals("ok", r.get(0).content().get("status").getAsString(), KernelClient.stdout(r));
        Msg d = KernelClient.ofType(r, "display_data").get(0);
        JsonObject data = d.content().getAsJsonObject("data");
        byte[] png = Base64.getDecoder().decode(data.get("image/png").getAsString());
        assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(data.get("text/plain").getAsString().startsWith("gates, layer 1"), data.get("text/plain").getAsString());
        String view = KernelClient.ofType(r, "display_data").get(1).content().getAsJsonObject("data").get("text/html").getAsString();
        assertTrue(view.contains("<iframe") && view.contains("values on hover"), "the hover view");
        assertFalse(view.contains("src=\"http") || view.contains("src=&quot;http"), "nothing from the network");
    }

    @Test @Order(5)
    void anErrorNamesTheCellLineAndColumnAndChangesNothing() {
        List<Msg> r = kernel.execute("model m2 { embed 8\n  layer lstn(hidden=4) }", 30_000);
        JsonObject reply = r.get(0).content();
        assertEquals("error", reply.get("status").getAsString());
        Msg err = KernelClient.ofType(r, "error").get(0);
        assertEquals("CheckError", err.content().get("ename").getAsString());
        String evalue = err.content().get("evalue").getAsString();
        assertTrue(evalue.matches("cell\\[\\d+]:2:9: error: unknown layer kind 'lstn'"), evalue);
        List<String> tb = err.content().getAsJsonArray("traceback").asList().stream().map(JsonElement::getAsString).toList();
        assertEquals("    layer lstn(hidden=4) }", tb.get(1));
        assertEquals("          ^~~~", tb.get(2));
        assertTrue(tb.stream().noneMatch(l -> l.contains("at org.") || l.contains("Exception")), tb.toString());
        assertFalse(KernelClient.stdout(kernel.execute(":models", 30_000)).contains("m2"));
        List<Msg> run = kernel.execute("sample 5 from \"zebra\"", 30_000);
        assertEquals("RunError", KernelClient.ofType(run, "error").get(0).content().get("ename").getAsString());
    }

    @Test @Order(6)
    void interruptStopsTrainingAtAStepAndKeepsTheWeights() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "train m on elman steps=100000 batch=8 seq=8");
        c.addProperty("silent", false);
        String id = kernel.send(kernel.shell, "execute_request", c);
        kernel.next(id, "update_display_data", 120_000);
        String irq = kernel.send(kernel.control, "interrupt_request", new JsonObject());
        assertEquals("interrupt_reply", kernel.await(kernel.control, irq, 30_000).type());
        Msg reply = kernel.await(kernel.shell, id, 120_000);
        assertEquals("ok", reply.content().get("status").getAsString());
        String out = KernelClient.stdout(kernel.outputs(id, 30_000));
        assertTrue(out.contains("stopped"), out);
        assertFalse(out.contains("done: 100000 steps"), out);
        List<Msg> again = kernel.execute("train m on elman steps=1 batch=8 seq=8", 60_000);
        Matcher step = Pattern.compile("step (\\d+) \\(1/1").matcher(
                KernelClient.ofType(again, "display_data").get(0).content().getAsJsonObject("data").get("text/plain").getAsString());
        assertTrue(step.find());
        assertTrue(Integer.parseInt(step.group(1)) > 47, "training went on from the interrupted run: step " + step.group(1));
    }

    @Test @Order(7)
    void sigintAlsoStopsTrainingAndTheKernelLives() throws Exception {
        // A process started in the background by a non-interactive shell inherits SIGINT as ignored, and the JVM
        // then leaves it ignored: the kernel cannot see a signal nobody can deliver. Jupyter itself interrupts with
        // interrupt_request (interrupt_mode "message"), tested above; this test needs a deliverable SIGINT.
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (started in the background)");
        JsonObject c = new JsonObject();
        c.addProperty("code", "train m on elman steps=100000 batch=8 seq=8");
        c.addProperty("silent", false);
        String id = kernel.send(kernel.shell, "execute_request", c);
        kernel.next(id, "update_display_data", 120_000);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(kernel.pid())).start().waitFor());
        Msg reply = kernel.await(kernel.shell, id, 120_000);
        assertEquals("ok", reply.content().get("status").getAsString());
        assertTrue(KernelClient.stdout(kernel.outputs(id, 30_000)).contains("stopped"));
        assertEquals("kernel_info_reply", kernel.request("kernel_info_request", new JsonObject(), 10_000).type());
    }

    /** Whether this process (and so the kernel it starts) has SIGINT ignored: bit 1 of SigIgn in /proc/self/status. */
    static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (new java.math.BigInteger(line.substring(7).trim(), 16).testBit(1));
            }
        }
        return false;
    }

    @Test @Order(8)
    void interruptEndsALongSampleAndChangesNothing() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "sample 5000000 from \"boy\"");
        c.addProperty("silent", false);
        String id = kernel.send(kernel.shell, "execute_request", c);
        kernel.next(id, "stream", 60_000);
        String irq = kernel.send(kernel.control, "interrupt_request", new JsonObject());
        kernel.await(kernel.control, irq, 30_000);
        Msg reply = kernel.await(kernel.shell, id, 120_000);
        assertEquals("error", reply.content().get("status").getAsString());
        List<Msg> out = kernel.outputs(id, 30_000);
        String evalue = KernelClient.ofType(out, "error").get(0).content().get("evalue").getAsString();
        assertTrue(evalue.matches("cell\\[\\d+]:1:1: error: 'sample' interrupted.*"), evalue);
        List<Msg> after = kernel.execute("sample 3 from \"boy\"", 30_000);
        assertEquals("ok", after.get(0).content().get("status").getAsString(), "the kernel goes on");
    }

    @Test @Order(9)
    void completionUsesTheReplsCompleter() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "train m on elman ep");
        c.addProperty("cursor_pos", 19);
        Msg r = kernel.request("complete_request", c, 10_000);
        List<String> matches = r.content().getAsJsonArray("matches").asList().stream().map(JsonElement::getAsString).toList();
        assertTrue(matches.contains("epochs="), matches.toString());
        assertEquals(17, r.content().get("cursor_start").getAsInt());
        assertEquals(19, r.content().get("cursor_end").getAsInt());
    }

    @Test @Order(10)
    void isCompleteWaitsForAnOpenBlock() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "model m3 {\n  embed 8");
        assertEquals("incomplete", kernel.request("is_complete_request", c, 10_000).content().get("status").getAsString());
        c.addProperty("code", "model m3 { embed 8 }");
        assertEquals("complete", kernel.request("is_complete_request", c, 10_000).content().get("status").getAsString());
    }

    @Test @Order(11)
    void historyIsAnsweredEmpty() {
        JsonObject c = new JsonObject();
        c.addProperty("hist_access_type", "tail");
        c.addProperty("n", 10);
        c.addProperty("output", false);
        c.addProperty("raw", true);
        Msg r = kernel.request("history_request", c, 10_000);
        assertEquals("history_reply", r.type());
        assertEquals(0, r.content().getAsJsonArray("history").size());
    }

    @Test @Order(12)
    void inspectShowsHelp() {
        JsonObject c = new JsonObject();
        c.addProperty("code", "model q { layer gru(hidden=8) }");
        c.addProperty("cursor_pos", 18);
        c.addProperty("detail_level", 0);
        Msg r = kernel.request("inspect_request", c, 10_000);
        assertTrue(r.content().get("found").getAsBoolean());
        String text = r.content().getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.startsWith("gru (layer):"), text);
    }

    @Test @Order(13)
    void shutdownEndsTheProcess() throws Exception {
        JsonObject c = new JsonObject();
        c.addProperty("restart", false);
        String id = kernel.send(kernel.control, "shutdown_request", c);
        assertEquals("shutdown_reply", kernel.await(kernel.control, id, 10_000).type());
        assertTrue(kernel.exited(20), "the kernel's JVM ends after shutdown_request");
    }
}
