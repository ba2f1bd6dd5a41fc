package org.seqlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token id <-> token string, with the tokenizer that made the tokens. Special tokens
 * ({@code <pad>}, {@code <unk>}, {@code <mask>}, {@code <bos>}, {@code <eos>}, {@code <cls>}, {@code <sep>}) are ordinary entries whose names
 * no tokenizer can produce from text; each is present only where a data set needs it, and
 * {@link #withSpecial} appends one later without moving any existing id. Immutable.
 */
public final class Vocabulary {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String MASK = "<mask>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    /** BERT's [CLS] and [SEP] of objective=masked+next_sentence. */
    public static final String CLS = "<cls>";
    public static final String SEP = "<sep>";
    private static final Set<String> SPECIALS = Set.of(PAD, UNK, MASK, BOS, EOS, CLS, SEP);

    private final Tokenizer tokenizer;
    private final String[] tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(TokenKind kind, List<String> tokens) {
        this.tokenizer = Tokenizer.of(kind);
        this.tokens = tokens.toArray(new String[0]);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < this.tokens.length; i++) {
            if (ids.putIfAbsent(this.tokens[i], i) != null) {
                throw new IllegalArgumentException("duplicate token " + this.tokens[i]);
            }
        }
    }

    /** True for the names of special tokens. */
    public static boolean isSpecial(String token) {
        return SPECIALS.contains(token);
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public TokenKind kind() {
        return tokenizer.kind();
    }

    public int size() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[id];
    }

    /** All tokens, index = id. */
    public List<String> tokens() {
        return Collections.unmodifiableList(java.util.Arrays.asList(tokens));
    }

    /** The id of {@code token}, or -1 when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** Id of {@code <pad>}, or -1 when absent. */
    public int padId() {
        return id(PAD);
    }

    /** Id of {@code <unk>}, or -1 when absent. */
    public int unkId() {
        return id(UNK);
    }

    /** Id of {@code <mask>}, or -1 when absent. */
    public int maskId() {
        return id(MASK);
    }

    public int bosId() {
        return id(BOS);
    }

    public int eosId() {
        return id(EOS);
    }

    /** This vocabulary with {@code special} appended (same object when already present); old ids keep their meaning. */
    public Vocabulary withSpecial(String special) {
        if (!isSpecial(special)) {
            throw new IllegalArgumentException("not a special token: " + special);
        }
        if (contains(special)) {
            return this;
        }
        List<String> more = new ArrayList<>(tokens());
        more.add(special);
        return new Vocabulary(kind(), more);
    }

    /** Ids for {@code text}; tokens outside the vocabulary become {@code <unk>}, or an error naming them when there is none. */
    public int[] encode(String text) {
        List<String> parts = tokenizer.split(text);
        int unk = unkId();
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            int id = id(parts.get(i));
            if (id < 0) {
                if (unk < 0) {
                    throw unknown(parts);
                }
                id = unk;
            }
            out[i] = id;
        }
        return out;
    }

    /** Ids for {@code text}; any token outside the vocabulary is an error that names every such token. */
    public int[] encodeStrict(String text) {
        List<String> parts = tokenizer.split(text);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(parts.get(i));
            if (out[i] < 0) {
                throw unknown(parts);
            }
        }
        return out;
    }

    /** The tokens of {@code text} that are not in the vocabulary, each once, in order of appearance. */
    public List<String> unknownTokens(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tokenizer.split(text)) {
            if (!contains(t)) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private DataException unknown(List<String> parts) {
        Set<String> missing = new LinkedHashSet<>();
        for (String t : parts) {
            if (!contains(t)) {
                missing.add(t);
            }
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (String t : missing) {
            if (shown == 10) {
                sb.append(", ... (").append(missing.size()).append(" in all)");
                break;
            }
            sb.append(shown++ == 0 ? "" : ", ").append(quote(t));
        }
        String what = kind() == TokenKind.WORD ? "word" : kind() == TokenKind.CHAR ? "character" : "token";
        return new DataException((missing.size() == 1 ? "the " + what + " " : "the " + what + "s ") + sb
                + (missing.size() == 1 ? " is" : " are") + " not in the vocabulary (" + size() + " tokens)");
    }

    private static String quote(String t) {
        StringBuilder sb = new StringBuilder("'");
        t.codePoints().forEach(cp -> {
            if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.append(Character.toChars(cp));
            }
        });
        return sb.append('\'').toString();
    }

    /** Text for ids; special tokens appear by name except in byte vocabularies, where they are dropped. */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    public String decode(int[] ids, int from, int to) {
        List<String> parts = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            parts.add(tokens[ids[i]]);
        }
        return tokenizer.join(parts);
    }

    /** JSON for a checkpoint's metadata: {@code {"tokenizer":"char","tokens":[...]}}. */
    public String toJson() {
        return VocabularyJson.write(this);
    }

    /** The inverse of {@link #toJson}; a malformed text is a DataException. */
    public static Vocabulary fromJson(String json) {
        return VocabularyJson.read(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.kind() == kind() && java.util.Arrays.equals(v.tokens, tokens);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(tokens) * 31 + kind().hashCode();
    }

    @Override
    public String toString() {
        return kind().spelling() + " vocabulary of " + size() + " tokens";
    }
}
