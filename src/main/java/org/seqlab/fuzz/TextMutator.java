package org.seqlab.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes fuzz inputs for the parser and checker from a corpus of real {@code .seq} texts: character
 * flips, token-level mutations that keep the text's shape (a word for a word, a number for an odd
 * number, lines swapped, spliced or repeated), token soup, and pathological inputs of a given size.
 * Deterministic for a given {@link Random}.
 */
final class TextMutator {

    /** Words, numbers, strings, runs of blanks, or one other character: a rough tokenizer good enough to mutate by. */
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\\\n]|\\\\.)*\"|[A-Za-z_][A-Za-z0-9_]*|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|[ \\t]+|(?s).");

    private static final String[] NUMBERS = {"0", "-1", "1", "2", "-0", "0.5", "1e999", "-1e999", "1e-999", "2147483647",
        "2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1.5", "1e30",
        "3", "8", "64", "1000000000", "00", "1.", ".5", "0x10"};
    private static final String[] STRINGS = {"\"\"", "\"/\"", "\"/dev/zero\"", "\"/dev/null\"", "\".\"", "\"..\"",
        "\"../../etc/passwd\"", "\"a\\0b\"", "\"a\\nb\"", "\"\\\"\"", "\"x.seq\"", "\"lm.safetensors\"", "\"a\u0000b\"",
        "\"\u2028\"", "\"" + "x".repeat(300) + "\"", "\"q\\\"", "\"the boy ate the fish\"", "\"nonexistent/dir/file.txt\""};
    private static final String[] ODD_CHARS = {"\0", "\r", "\n", "\t", "\u2028", "\u2029", "\u0085", "\u00a0", "\uFEFF",
        "\uD83D\uDE00", "\uD800", "\u001b", "\\", "\"", "{", "}", "(", ")", "=", ",", ";", ":", "|", "#", "@", "<", ">",
        "+", "-", ".", "/", "~", "é", "\u0301", "\r\n", "\\\n"};
    private static final String[] PUNCT = {"{", "}", "(", ")", "=", ",", ";", ":", "|", "+", "-", "<", ">", "<=", ">=",
        "\n", "\n", "\n", " ", " ", " ", "\\\n", "#c\n", "."};

    private final List<String> corpus;
    private final List<String> words;
    private final Random rnd;

    TextMutator(List<String> corpus, Random rnd) {
        this.corpus = corpus.isEmpty() ? List.of(FALLBACK) : List.copyOf(corpus);
        this.rnd = rnd;
        Set<String> w = new LinkedHashSet<>();
        for (String text : this.corpus) {
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                String t = m.group();
                if (Character.isLetter(t.charAt(0)) || t.charAt(0) == '_') w.add(t);
            }
        }
        words = new ArrayList<>(w);
    }

    /** A text the checker must survive; {@code maxSize} bounds the pathological ones (in characters). */
    String next(int maxSize) {
        int pick = rnd.nextInt(100);
        if (pick < 30) return flips(any());
        if (pick < 60) return tokens(any());
        if (pick < 72) return soup();
        if (pick < 82) return splice();
        return pathological(maxSize);
    }

    private String any() {
        return corpus.get(rnd.nextInt(corpus.size()));
    }

    /** 1 to 8 character edits: replace, insert, delete, or repeat a stretch. */
    String flips(String text) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + rnd.nextInt(8);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : rnd.nextInt(b.length() + 1);
            switch (rnd.nextInt(5)) {
                case 0 -> { if (at < b.length()) b.setCharAt(at, (char) (b.charAt(at) ^ (1 << rnd.nextInt(8)))); }
                case 1 -> b.insert(at, odd());
                case 2 -> { if (at < b.length()) b.deleteCharAt(at); }
                case 3 -> {
                    int end = Math.min(b.length(), at + rnd.nextInt(40));
                    b.insert(at, b.substring(at, end));
                }
                default -> { if (at < b.length()) b.replace(at, at + 1, odd()); }
            }
        }
        return b.toString();
    }

    /** Mutations that keep most of the text's shape: so the checker, not only the parser, gets to look. */
    String tokens(String text) {
        return tokens(text, NUMBERS);
    }

    private String tokens(String text, String[] numbers) {
        List<String> ts = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) ts.add(m.group());
        if (ts.isEmpty()) return text;
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int i = rnd.nextInt(ts.size());
            String t = ts.get(i);
            char c = t.charAt(0);
            switch (rnd.nextInt(6)) {
                case 0, 1 -> {
                    if (Character.isLetter(c) || c == '_') ts.set(i, word());
                    else if (Character.isDigit(c) || (c == '-' && t.length() > 1)) ts.set(i, pick(numbers));
                    else if (c == '"') ts.set(i, pick(STRINGS));
                    else ts.set(i, pick(PUNCT));
                }
                case 2 -> ts.remove(i);
                case 3 -> ts.add(i, rnd.nextBoolean() ? word() + "=" + pick(numbers) : pick(PUNCT));
                case 4 -> ts.add(i, t);
                default -> ts.set(i, pick(numbers));
            }
            if (ts.isEmpty()) break;
        }
        String out = String.join("", ts);
        return rnd.nextInt(4) == 0 ? lines(out) : out;
    }

    /** Swaps, deletes, repeats a line, or brings one in from another text. */
    private String lines(String text) {
        List<String> ls = new ArrayList<>(List.of(text.split("\n", -1)));
        int i = rnd.nextInt(ls.size());
        int j = rnd.nextInt(ls.size());
        switch (rnd.nextInt(4)) {
            case 0 -> { String t = ls.get(i); ls.set(i, ls.get(j)); ls.set(j, t); }
            case 1 -> ls.remove(i);
            case 2 -> ls.add(i, ls.get(j));
            default -> {
                String[] other = any().split("\n", -1);
                ls.add(i, other[rnd.nextInt(other.length)]);
            }
        }
        return String.join("\n", ls);
    }

    /** 1 to 200 tokens drawn from the corpus's words, odd numbers and strings, and punctuation. */
    String soup() {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(200);
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3 -> b.append(word());
                case 4 -> b.append(pick(NUMBERS));
                case 5 -> b.append(pick(STRINGS));
                case 6 -> b.append(word()).append('=');
                default -> b.append(pick(PUNCT));
            }
            b.append(rnd.nextInt(3) == 0 ? "" : " ");
        }
        return b.toString();
    }

    /** The start of one text and the end of another. */
    private String splice() {
        String a = any();
        String b = any();
        return a.substring(0, rnd.nextInt(a.length() + 1)) + b.substring(rnd.nextInt(b.length() + 1));
    }

    /** Inputs whose cost could grow faster than their size, or whose structure goes deep. */
    String pathological(int maxSize) {
        String p = shape(1 + (int) Math.exp(rnd.nextDouble() * Math.log(Math.max(2, maxSize / 8))));
        return p.length() > maxSize ? p.substring(0, maxSize) : p;
    }

    /** One of the pathological shapes, {@code n} units of it (a unit is a few characters). */
    private String shape(int n) {
        return switch (rnd.nextInt(22)) {
            case 0 -> "model m {" + "encoder {".repeat(n) + "}".repeat(n) + "}";
            case 1 -> "model m { encoder { decoder { ".repeat(Math.max(1, n / 3));
            case 2 -> "\n".repeat(n * 8);
            case 3 -> ";".repeat(n * 8);
            case 4 -> "model m {\n layer lstm(" + "hidden=8,".repeat(n) + "hidden=8)\n}\n";
            case 5 -> "train m " + "x ".repeat(n * 2);
            case 6 -> "model m { repeat 2 { ".repeat(Math.max(1, n / 4)) + "embed 4" + " } }".repeat(Math.max(1, n / 4));
            case 7 -> "model " + "a".repeat(n * 8) + " { embed 4 }";
            case 8 -> "model m { embed " + "9".repeat(n * 4) + " }";
            case 9 -> "\"" + "x".repeat(n * 8);
            case 10 -> "model m { x); y( }\nsummary\n".repeat(Math.max(1, n / 4));
            case 11 -> "(".repeat(n * 4);
            case 12 -> "}".repeat(n * 4);
            case 13 -> ")".repeat(n * 4);
            case 14 -> "model m {\r\n embed 4\r layer lstm(hidden=8)\u2028 output softmax\u0085}\r".repeat(Math.max(1, n / 8));
            case 15 -> "model m {\n" + "  layer lstm(hidden=8)\n".repeat(n) + "}\n";
            case 16 -> manyModels(Math.max(1, n / 4));
            case 17 -> "corpus c = \"c.txt\"\ntrain m on " + "c,".repeat(n * 2);
            case 18 -> "# comment\n".repeat(n);
            case 19 -> randomChars(n * 8);
            case 20 -> "model m { embed 4 }\n" + "train m on c.txt lr=1e-3 lr=1e-3\n".repeat(Math.max(1, n / 8));
            default -> "model m { layer lstm(hidden=8) " + "bidirectional ".repeat(n) + "}";
        };
    }

    private static String manyModels(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append("model m").append(i).append(" { embed 4; layer gru(hidden=").append(i + 1).append(") }\n");
        return b.toString();
    }

    private String randomChars(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(rnd.nextInt(4) == 0 ? odd() : String.valueOf((char) (32 + rnd.nextInt(95))));
        return b.toString();
    }

    private String odd() {
        return rnd.nextBoolean() ? pick(ODD_CHARS) : String.valueOf((char) rnd.nextInt(0x3000));
    }

    private String word() {
        return words.isEmpty() ? "x" : words.get(rnd.nextInt(words.size()));
    }

    private String pick(String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    /** Used when no corpus file can be found (e.g. the jar alone): one text with most of the language. */
    static final String FALLBACK = """
            set seed=7
            corpus text = "shakespeare.txt" tokens=char split=0.9
            task reverse length=10
            model lm {
              embed 64
              layer lstm(hidden=128, dropout=0.2)
              repeat 2 { layer gru(hidden=64) }
              attention heads=2 causal
              output softmax
            }
            model t(h=4) { layer lstm(hidden=h) }
            model b = t(h=8)
            model s2s { encoder { embed 16; layer gru(hidden=32) } decoder { embed 16; layer gru(hidden=32); attention over=encoder; output softmax } }
            train lm on text steps=100 batch=32 seq=64 lr=2e-3 optimizer=adam {
              every 50 steps: sample 100 from "ROMEO:" temperature=0.8
              when val_loss < 1.5: stop
            }
            evaluate lm on text
            sample 200 from "the" top_p=0.9
            inspect gates on "the boy ate the fish" to "g.png"
            compare lm, b on text
            save "lm.safetensors"
            load "lm.safetensors"
            """;
}
