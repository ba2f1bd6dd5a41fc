package org.seqlab.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter client over ZeroMQ (JeroMQ), enough for the protocol tests: starts the kernel as its own JVM
 * on a connection file, signs and sends requests on shell and control, and reads replies and the IOPub
 * messages a request caused.
 */
final class KernelClient implements AutoCloseable {

    record Msg(String type, JsonObject header, JsonObject parent, JsonObject content) {
        String parentId() {
            return parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
        }
    }

    private static final Gson GSON = new Gson();
    private final ZContext ctx = new ZContext();
    private final String key = UUID.randomUUID().toString();
    private final String session = UUID.randomUUID().toString();
    private final Process process;
    private final Path log;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket iopub;
    /** IOPub messages read while waiting for something else, kept for whoever asks next. */
    private final List<Msg> pending = new ArrayList<>();
    /** Milliseconds from starting the kernel's JVM to its first kernel_info reply. */
    final long startMillis;

    KernelClient(Path dir) throws IOException {
        int[] ports = freePorts(5);
        JsonObject conn = new JsonObject();
        conn.addProperty("ip", "127.0.0.1");
        conn.addProperty("transport", "tcp");
        conn.addProperty("shell_port", ports[0]);
        conn.addProperty("iopub_port", ports[1]);
        conn.addProperty("stdin_port", ports[2]);
        conn.addProperty("control_port", ports[3]);
        conn.addProperty("hb_port", ports[4]);
        conn.addProperty("signature_scheme", "hmac-sha256");
        conn.addProperty("key", key);
        Path file = dir.resolve("kernel-" + ports[0] + ".json");
        Files.writeString(file, GSON.toJson(conn));
        List<String> cmd = new ArrayList<>(KernelSpec.argv());
        cmd.set(cmd.size() - 1, file.toString());
        log = dir.resolve("kernel-" + ports[0] + ".log");
        long t0 = System.nanoTime();
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        shell = socket(SocketType.DEALER, ports[0]);
        iopub = socket(SocketType.SUB, ports[1]);
        iopub.subscribe(new byte[0]);
        control = socket(SocketType.DEALER, ports[3]);
        startMillis = awaitReady(t0);
    }

    private ZMQ.Socket socket(SocketType type, int port) {
        ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(0);
        s.connect("tcp://127.0.0.1:" + port);
        return s;
    }

    /** kernel_info until a reply and an IOPub status arrive (the subscription is then live). */
    private long awaitReady(long t0) throws IOException {
        long deadline = System.currentTimeMillis() + 60_000;
        long firstReply = -1;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) throw new IOException("the kernel exited: " + Files.readString(log));
            String id = send(shell, "kernel_info_request", new JsonObject());
            Msg reply = receive(shell, 1000);
            if (reply != null && firstReply < 0) firstReply = (System.nanoTime() - t0) / 1_000_000;
            Msg status = receive(iopub, 300);
            if (reply != null && status != null) {
                drainIopub(200);
                pending.clear();
                return firstReply;
            }
        }
        throw new IOException("the kernel did not answer within a minute: " + Files.readString(log));
    }

    String send(ZMQ.Socket s, String type, JsonObject content) {
        String id = UUID.randomUUID().toString();
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", id);
        header.addProperty("session", session);
        header.addProperty("username", "test");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", "5.3");
        String[] parts = {GSON.toJson(header), "{}", "{}", GSON.toJson(content)};
        s.sendMore("<IDS|MSG>");
        s.sendMore(sign(parts));
        for (int i = 0; i < parts.length; i++) {
            if (i < parts.length - 1) s.sendMore(parts[i]);
            else s.send(parts[i]);
        }
        return id;
    }

    /** One message from the socket within the time, or null. */
    Msg receive(ZMQ.Socket s, int millis) {
        s.setReceiveTimeOut(millis);
        List<String> frames = new ArrayList<>();
        byte[] f = s.recv();
        if (f == null) return null;
        frames.add(new String(f, StandardCharsets.UTF_8));
        while (s.hasReceiveMore()) frames.add(new String(s.recv(), StandardCharsets.UTF_8));
        int d = frames.indexOf("<IDS|MSG>");
        JsonObject header = GSON.fromJson(frames.get(d + 2), JsonObject.class);
        return new Msg(header.get("msg_type").getAsString(), header, GSON.fromJson(frames.get(d + 3), JsonObject.class),
                GSON.fromJson(frames.get(d + 5), JsonObject.class));
    }

    /** Sends a request on shell and waits for its reply. */
    Msg request(String type, JsonObject content, int millis) {
        return await(shell, send(shell, type, content), millis);
    }

    Msg await(ZMQ.Socket s, String id, int millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Msg m = receive(s, 200);
            if (m != null && m.parentId().equals(id)) return m;
        }
        throw new AssertionError("no reply to " + id + " within " + millis + " ms; kernel log:\n" + logText());
    }

    /** IOPub messages caused by request id, up to and including its status idle. */
    List<Msg> outputs(String id, int millis) {
        List<Msg> got = new ArrayList<>();
        for (Msg m : new ArrayList<>(pending)) {
            if (m.parentId().equals(id)) {
                got.add(m);
                pending.remove(m);
                if (idle(m)) return got;
            }
        }
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Msg m = receive(iopub, 200);
            if (m == null) continue;
            if (!m.parentId().equals(id)) {
                pending.add(m);
                continue;
            }
            got.add(m);
            if (idle(m)) return got;
        }
        throw new AssertionError("no idle status for " + id + " within " + millis + " ms; got " + got);
    }

    /** Next IOPub message of the type caused by request id (others are kept). */
    Msg next(String id, String type, int millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Msg m = receive(iopub, 200);
            if (m == null) continue;
            pending.add(m);
            if (m.parentId().equals(id) && m.type().equals(type)) return m;
        }
        throw new AssertionError("no " + type + " for " + id + " within " + millis + " ms; kernel log:\n" + logText());
    }

    private void drainIopub(int millis) {
        while (receive(iopub, millis) != null) {
            // the status messages of the handshake
        }
    }

    private static boolean idle(Msg m) {
        return m.type().equals("status") && m.content().get("execution_state").getAsString().equals("idle");
    }

    /** Runs a cell; returns its execute_reply followed by everything it published. */
    List<Msg> execute(String code, int millis) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", true);
        String id = send(shell, "execute_request", c);
        Msg reply = await(shell, id, millis);
        List<Msg> all = new ArrayList<>();
        all.add(reply);
        all.addAll(outputs(id, millis));
        return all;
    }

    /** The text of every stdout stream message. */
    static String stdout(List<Msg> msgs) {
        StringBuilder sb = new StringBuilder();
        for (Msg m : msgs) {
            if (m.type().equals("stream") && m.content().get("name").getAsString().equals("stdout")) {
                sb.append(m.content().get("text").getAsString());
            }
        }
        return sb.toString();
    }

    static List<Msg> ofType(List<Msg> msgs, String type) {
        return msgs.stream().filter(m -> m.type().equals(type)).toList();
    }

    boolean exited(int seconds) throws InterruptedException {
        return process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String sign(String[] parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (String p : parts) mac.update(p.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) s.close();
        }
        return ports;
    }

    @Override public void close() {
        process.destroyForcibly();
        ctx.close();
    }
}
