package org.seqlab.lang.syntax;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.seqlab.diag.SourceSpan;

/** The one place where ANTLR's 0-based columns become seqlab's 1-based spans. */
final class Spans {

    private final String file;

    Spans(String file) {
        this.file = file;
    }

    SourceSpan of(Token t) {
        int length = t.getType() == Token.EOF ? 1 : Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
        return new SourceSpan(file, Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
    }

    /**
     * Where the end of the file is reported: just after the last token that is not a line end, so the
     * caret stands on a line of the text, never on the empty line after its final newline.
     */
    SourceSpan endAfter(Token last) {
        if (last == null) {
            return new SourceSpan(file, 1, 1, 1);
        }
        SourceSpan a = of(last);
        return new SourceSpan(file, a.line(), a.column() + a.length(), 1);
    }

    /** From the first token of a rule to its last when both are on one line; else the first line's part. */
    SourceSpan of(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        SourceSpan a = of(start);
        if (stop.getLine() == start.getLine() && stop.getStopIndex() >= start.getStartIndex()) {
            return new SourceSpan(file, a.line(), a.column(), stop.getStopIndex() - start.getStartIndex() + 1);
        }
        return a;
    }

    SourceSpan between(Token start, Token stop) {
        SourceSpan a = of(start);
        if (stop.getLine() == start.getLine() && stop.getStopIndex() >= start.getStartIndex()) {
            return new SourceSpan(file, a.line(), a.column(), stop.getStopIndex() - start.getStartIndex() + 1);
        }
        return a;
    }
}
