package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @TempDir
    Path dir;

    private int run(List<String> args, StringBuilder said) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int code = KernelSpec.command(args, ps, ps);
        said.append(buf.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void installWritesAKernelspecJupyterCanStart() throws Exception {
        StringBuilder said = new StringBuilder();
        assertEquals(0, run(List.of("install", "--prefix", dir.toString(), "--name", "seqlab-test"), said), said.toString());
        Path spec = dir.resolve("share/jupyter/kernels/seqlab-test");
        assertTrue(said.toString().contains("installed the seqlab kernel 'seqlab-test' in " + spec), said.toString());
        JsonObject json = new Gson().fromJson(Files.readString(spec.resolve("kernel.json")), JsonObject.class);
        assertEquals("seqlab", json.get("display_name").getAsString());
        assertEquals("seqlab", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        assertEquals(".seq", json.getAsJsonObject("metadata").get("file_extension").getAsString());
        List<String> argv = json.getAsJsonArray("argv").asList().stream().map(JsonElement::getAsString).toList();
        assertTrue(Files.isExecutable(Path.of(argv.get(0))), argv.get(0));
        assertTrue(argv.containsAll(List.of("--add-modules", "jdk.incubator.vector", "-XX:PerBytecodeTrapLimit=100",
                "-XX:PerMethodTrapLimit=10000", "-Xss8m", "-XX:+UseSerialGC")), argv.toString());
        assertEquals(List.of("jupyter", "kernel", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));
        assertEquals(64, ImageIO.read(spec.resolve("logo-64x64.png").toFile()).getWidth());
        assertEquals(32, ImageIO.read(spec.resolve("logo-32x32.png").toFile()).getHeight());

        said.setLength(0);
        assertEquals(0, run(List.of("uninstall", "--prefix", dir.toString(), "--name", "seqlab-test"), said), said.toString());
        assertFalse(Files.exists(spec));
        assertEquals(64, run(List.of("uninstall", "--prefix", dir.toString(), "--name", "seqlab-test"), said));
        assertTrue(said.toString().contains("no kernel 'seqlab-test' in "), said.toString());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        StringBuilder said = new StringBuilder();
        assertEquals(64, run(List.of("install", "--name"), said));
        assertTrue(said.toString().contains("--name needs a value"), said.toString());
        assertEquals(64, run(List.of("install", "--name", "a b", "--prefix", dir.toString()), said));
        assertEquals(64, run(List.of("instal"), said));
        assertTrue(said.toString().contains("jupyter needs install, uninstall or kernel CONNECTION_FILE"), said.toString());
    }
}
