package org.seqlab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.render.Table;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Model;

/**
 * A model's embedding table (vocabulary x dim, learned or loaded with {@code embed N from FILE}) as a
 * space of token vectors: nearest neighbours by cosine similarity, the similarity of two tokens, and
 * analogies (the tokens nearest to a - b + c, the query tokens themselves left out, as word2vec does).
 * Special tokens ({@code <pad>}, {@code <unk>} ...) are never offered as answers.
 */
public final class EmbeddingSpace {
    private final Vocabulary vocabulary;
    private final float[][] vectors;

    public EmbeddingSpace(Vocabulary vocabulary, float[][] vectors) {
        if (vectors.length != vocabulary.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + vocabulary.size() + " tokens");
        }
        this.vocabulary = vocabulary;
        this.vectors = vectors;
    }

    /** The model's embedding table as it is now (a host copy). */
    public static EmbeddingSpace of(Model m, Vocabulary v) {
        if (!(m.inputLayer() instanceof Embedding e)) {
            throw new InspectException("the model has no embedding table" + (m.inputLayer() == null ? "" : ": it reads one-hot vectors"),
                    "start the model with: embed 32");
        }
        float[] w = e.weight().value().toHost();
        int dim = e.outputWidth();
        float[][] rows = new float[v.size()][];
        for (int i = 0; i < rows.length; i++) rows[i] = Arrays.copyOfRange(w, i * dim, (i + 1) * dim);
        return new EmbeddingSpace(v, rows);
    }

    /** A token's id, or an error naming the token. */
    public int id(String token) {
        int id = vocabulary.id(token);
        if (id < 0) {
            String hint = org.seqlab.diag.Suggest.didYouMean(token, vocabulary.tokens());
            throw new InspectException("'" + token + "' is not in the vocabulary (" + vocabulary.size() + " tokens)", hint);
        }
        return id;
    }

    public float[] vector(String token) {
        return vectors[id(token)].clone();
    }

    public double similarity(String a, String b) {
        return cosine(vectors[id(a)], vectors[id(b)]);
    }

    /** The k tokens nearest to {@code token}, itself left out. */
    public Table nearest(String token, int k) {
        int id = id(token);
        return table("nearest to '" + token + "' (cosine similarity of embeddings)", vectors[id], Set.of(id), k);
    }

    /** One term of an analogy: a token added (positive) or taken away. */
    public record Term(String token, boolean positive) {
    }

    /** The k tokens nearest to the sum of the terms ("king" - "man" + "woman"), the query tokens left out. */
    public Table analogy(List<Term> terms, int k) {
        float[] q = new float[vectors[0].length];
        List<Integer> used = new ArrayList<>();
        StringBuilder title = new StringBuilder();
        for (Term t : terms) {
            int id = id(t.token());
            add(q, vectors[id], t.positive() ? 1 : -1);
            used.add(id);
            if (title.length() > 0 || !t.positive()) title.append(t.positive() ? " + " : " - ");
            title.append('\'').append(t.token()).append('\'');
        }
        return table(title + " (nearest by cosine, query tokens left out)", q, Set.copyOf(used), k);
    }

    /** Ids by descending cosine similarity to q, leaving out {@code skip} and special tokens. */
    public List<Integer> ranked(float[] q, Set<Integer> skip) {
        List<Integer> ids = new ArrayList<>();
        double[] sim = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            if (skip.contains(i) || Vocabulary.isSpecial(vocabulary.token(i))) continue;
            sim[i] = cosine(q, vectors[i]);
            ids.add(i);
        }
        ids.sort(Comparator.comparingDouble((Integer i) -> -sim[i]).thenComparingInt(i -> i));
        return ids;
    }

    private Table table(String title, float[] q, Set<Integer> skip, int k) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> ids = ranked(q, skip);
        for (int r = 0; r < Math.min(k, ids.size()); r++) {
            int i = ids.get(r);
            rows.add(List.of(Integer.toString(r + 1), shown(vocabulary.token(i)),
                    String.format(Locale.ROOT, "%.4f", cosine(q, vectors[i]))));
        }
        return new Table(title, List.of("rank", "token", "cosine"), rows);
    }

    static String shown(String token) {
        return token.replace("\n", "\\n").replace("\t", "\\t");
    }

    private static void add(float[] acc, float[] v, float sign) {
        for (int i = 0; i < acc.length; i++) acc[i] += sign * v[i];
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
