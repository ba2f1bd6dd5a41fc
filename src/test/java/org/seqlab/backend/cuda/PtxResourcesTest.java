package org.seqlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped PTX is there, targets compute_80 (JIT-compiled for A100, H100, H200 and later), and declares
 * every kernel with exactly the parameters its caller passes: u32 for 'i', f32 for 'f', u64 for 'p' and 'l'.
 */
class PtxResourcesTest {
    static String ptx(String module) throws IOException {
        try (InputStream in = PtxResourcesTest.class.getResourceAsStream(Kernel.resource(module))) {
            assertNotNull(in, "resource " + Kernel.resource(module));
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Parameter letters of an entry as declared in the PTX, or null if the entry is absent. */
    static String declared(String ptx, String entry) {
        Matcher m = Pattern.compile("\\.entry " + Pattern.quote(entry) + "\\(([^)]*)\\)").matcher(ptx);
        if (!m.find()) return null;
        StringBuilder letters = new StringBuilder();
        Matcher p = Pattern.compile("\\.param \\.(u32|s32|f32|u64|s64)").matcher(m.group(1));
        while (p.find()) letters.append(switch (p.group(1)) { case "u32", "s32" -> 'i'; case "f32" -> 'f'; default -> 'p'; });
        return letters.toString();
    }

    @Test void everyModuleIsPtxForCompute80() throws IOException {
        for (Kernel k : Kernel.values()) {
            String text = ptx(k.module);
            assertTrue(text.contains(".target sm_80"), k.module + " targets sm_80");
            assertTrue(text.contains(".address_size 64"), k.module + " is 64-bit");
        }
    }

    @Test void signaturesMatchThePtx() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            String got = declared(ptx(k.module), k.entry);
            String want = k.signature.replace('l', 'p');
            if (!want.equals(got)) wrong.add(k + ": Java passes (" + want + "), PTX " + k.module + " declares (" + got + ")");
        }
        assertEquals(List.of(), wrong);
    }
}
