package org.seqlab.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Characters that would break or hide a message's line are shown escaped, and the caret still points right. */
class VisibleTextTest {

    @Test
    void lineBreakersAndControlsAreEscaped() {
        assertEquals("a\\rb\\u2028c\\u0085d\\0e\\u001Bf\tg", DiagnosticFormatter.visible("a\rb\u2028c\u0085d\0e\u001bf\tg"));
        assertEquals("plain text é ✓", DiagnosticFormatter.visible("plain text é ✓"));
    }

    @Test
    void theCaretFollowsTheEscapes() {
        SourceText.register("v.seq", "load \"x\u2028y\"  ;  bogus 1\n");
        String shown = DiagnosticFormatter.format(List.of(Diagnostic.error(new SourceSpan("v.seq", 1, 16, 5),
                "unknown statement 'bogus'\r")));
        assertEquals("""
                v.seq:1:16: error: unknown statement 'bogus'\\r
                  load "x\\u2028y"  ;  bogus 1
                                      ^~~~~
                """, shown);
    }
}
