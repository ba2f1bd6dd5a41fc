package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relaunching JVM passes the child's standard error on byte for byte, without the JVM's incubator warning. */
class RelaunchTest {

    private static byte[] copied(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Relaunch.copyErrors(new ByteArrayInputStream(in), out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theIncubatorWarningIsDroppedAndTheRestPasses() {
        assertEquals("x.seq:1:1: error: a\0b\n", new String(copied(utf8(
                "WARNING: Using incubator modules: jdk.incubator.vector\nx.seq:1:1: error: a\0b\n")), StandardCharsets.UTF_8));
        assertArrayEquals(utf8("no\n"), copied(utf8("no\n")), "a short message is not held back");
        assertArrayEquals(utf8("WARNING: other\n"), copied(utf8("WARNING: other\n")));
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 1}, copied(new byte[] {(byte) 0xff, 0, 1}));
    }
}
