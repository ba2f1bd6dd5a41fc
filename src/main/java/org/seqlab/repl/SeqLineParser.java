package org.seqlab.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.seqlab.lang.syntax.Tokens;

/**
 * JLine's view of a line: asks for more input while a '{' or '(' is open (or a line ends in '\'),
 * and tells the completer which word the cursor is on (identifier and path characters).
 */
final class SeqLineParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !line.stripLeading().startsWith(":")
                && (Tokens.openBrackets(line) > 0 || Tokens.endsWithContinuation(line))) {
            throw new EOFError(-1, -1, "unfinished block", "}");
        }
        String before = line.substring(0, Math.min(cursor, line.length()));
        String word = Completions.prefix(before);
        List<String> words = new ArrayList<>(List.of(before.substring(0, before.length() - word.length()).split("\\s+")));
        words.add(word);
        return new Line(line, cursor, word, words);
    }

    private record Line(String line, int cursor, String word, List<String> words) implements CompletingParsedLine {
        public int wordCursor() {
            return word.length();
        }

        public int wordIndex() {
            return words.size() - 1;
        }

        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        public int rawWordCursor() {
            return word.length();
        }

        public int rawWordLength() {
            return word.length();
        }
    }
}
