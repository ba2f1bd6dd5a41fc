package org.seqlab.data;

import java.util.ArrayList;
import java.util.List;

/** The vocabulary's JSON form for checkpoint metadata; a small writer and a parser for exactly that shape. */
final class VocabularyJson {

    private VocabularyJson() {
    }

    static String write(Vocabulary v) {
        StringBuilder sb = new StringBuilder("{\"tokenizer\":\"").append(v.kind().spelling()).append("\",\"tokens\":[");
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, v.token(i));
        }
        return sb.append("]}").toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static Vocabulary read(String json) {
        Parser p = new Parser(json);
        TokenKind kind = null;
        List<String> tokens = null;
        p.expect('{');
        do {
            String key = p.string();
            p.expect(':');
            if (key.equals("tokenizer")) {
                kind = TokenKind.parse(p.string());
            } else if (key.equals("tokens")) {
                tokens = new ArrayList<>();
                p.expect('[');
                if (!p.peek(']')) {
                    do {
                        tokens.add(p.string());
                    } while (p.accept(','));
                }
                p.expect(']');
            } else {
                throw p.error("unexpected key '" + key + "'");
            }
        } while (p.accept(','));
        p.expect('}');
        if (kind == null || tokens == null) {
            throw p.error("needs both \"tokenizer\" and \"tokens\"");
        }
        try {
            return new Vocabulary(kind, tokens);
        } catch (IllegalArgumentException e) {
            throw p.error(e.getMessage());
        }
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peek(char c) {
            skip();
            return i < s.length() && s.charAt(i) == c;
        }

        boolean accept(char c) {
            if (peek(c)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
            throw error("unterminated string");
        }

        DataException error(String what) {
            return new DataException("malformed vocabulary in checkpoint metadata at character " + i + ": " + what);
        }
    }
}
