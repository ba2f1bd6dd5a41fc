package org.seqlab.repl;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.StatementSpecs;
import org.seqlab.lang.syntax.Tokens;

/** Colours the line as it is typed: statements bold, layer kinds cyan, numbers, strings, comments, errors. */
final class SeqHighlighter implements Highlighter {

    private static final AttributedStyle STATEMENT = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle KEYWORD = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle LAYER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (buffer.stripLeading().startsWith(":")) {
            return new AttributedString(buffer, AttributedStyle.BOLD);
        }
        AttributedStringBuilder out = new AttributedStringBuilder();
        int pos = 0;
        for (Tokens.Piece p : Tokens.pieces(buffer)) {
            if (p.start() < pos) {
                continue;
            }
            out.append(buffer.substring(pos, p.start()));
            out.styled(style(p), buffer.substring(p.start(), p.end()));
            pos = p.end();
        }
        out.append(buffer.substring(Math.min(pos, buffer.length())));
        return out.toAttributedString();
    }

    private static AttributedStyle style(Tokens.Piece p) {
        String w = p.text().toLowerCase(Locale.ROOT);
        return switch (p.kind()) {
            case KEYWORD -> StatementSpecs.statement(w).isPresent() ? STATEMENT : KEYWORD;
            case WORD -> StatementSpecs.statement(w).isPresent() ? STATEMENT
                    : LayerSpecs.get(w).isPresent() ? LAYER : AttributedStyle.DEFAULT;
            case NUMBER -> NUMBER;
            case STRING, PATH -> STRING;
            case COMMENT -> COMMENT;
            case ERROR -> ERROR;
            default -> AttributedStyle.DEFAULT;
        };
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {
    }

    @Override
    public void setErrorIndex(int errorIndex) {
    }
}
