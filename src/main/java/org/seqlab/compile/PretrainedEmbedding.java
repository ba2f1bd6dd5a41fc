package org.seqlab.compile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.data.DataException;
import org.seqlab.data.PretrainedVectors;
import org.seqlab.data.Vocabulary;
import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Value;
import org.seqlab.nn.Embedding;

/**
 * {@code embed N from "vectors.txt" [freeze]}: copies the file's vectors into the embedding's rows for the tokens
 * the file has; the others keep the embedding's default initialisation. Problems with the file (missing, a
 * dimension other than N, a malformed line, no token of the vocabulary in it) are errors at the file name in
 * the embed line.
 */
public final class PretrainedEmbedding {

    private PretrainedEmbedding() {
    }

    /** The vectors file an embed line names, or null when it names none (or names word vectors of the session). */
    public static Value file(ModelItem.LayerDecl embed) {
        return embed.args().value("from").filter(v -> !(v instanceof Value.Word)).orElse(null);
    }

    /** {@code embed N from NAME}: the name of word vectors made by {@code vectors NAME = ...}, or null. */
    public static Value.Word named(ModelItem.LayerDecl embed) {
        return embed.args().value("from").orElse(null) instanceof Value.Word w ? w : null;
    }

    /** Word vectors held in the session: {@code vectors[id]} is the vector of {@code words.token(id)}. */
    public record Words(Vocabulary words, float[][] vectors) {
    }

    /**
     * Copies word vectors held in the session ({@code named}) into e's rows for the vocabulary's tokens that have one,
     * as {@link #load} does for a file; returns the note. {@code named} null: the session has no such vectors.
     */
    static String copy(ModelItem.LayerDecl embed, Embedding e, Vocabulary v, Words named) {
        Value.Word name = named(embed);
        if (named == null) {
            throw ModelCompiler.error(name.span(), "no word vectors named '" + name.name() + "' in this session",
                    "make them first: vectors " + name.name() + " = counts of elman window=2 dim=" + e.outputWidth());
        }
        Vocabulary words = named.words();
        float[][] vectors = named.vectors();
        int dim = e.outputWidth();
        if (vectors.length > 0 && vectors[0].length != dim) {
            throw ModelCompiler.error(name.span(), "the word vectors '" + name.name() + "' have " + vectors[0].length
                    + " dimensions; this embed line asks for " + dim, "write embed " + vectors[0].length + " from " + name.name()
                    + ", or make the vectors with dim=" + dim);
        }
        float[][] rows = new float[v.size()][];
        int found = 0;
        List<String> missing = new ArrayList<>();
        for (int id = 0; id < v.size(); id++) {
            int w = words.id(v.token(id));
            if (w >= 0) {
                rows[id] = vectors[w];
                found++;
            } else {
                missing.add(v.token(id));
            }
        }
        return copyRows(new PretrainedVectors.ForVocabulary(rows, found, missing), e, v, name.span(), "'" + name.name() + "'");
    }

    /** A relative path is looked for in the working directory, then beside the script (as data files are). */
    public static Path resolve(Value file) {
        String name = file instanceof Value.Str s ? s.value() : file instanceof Value.Path p ? p.path() : file.text();
        Path p = Path.of(name);
        SourceSpan at = file.span();
        if (!p.isAbsolute() && !Files.exists(p) && at != null && at.file() != null) {
            Path beside = Path.of(at.file()).toAbsolutePath().getParent();
            if (beside != null && Files.exists(beside.resolve(name))) return beside.resolve(name);
        }
        return p;
    }

    /** Loads the file into e's table; returns a one-line note saying how many tokens it covered. */
    static String load(ModelItem.LayerDecl embed, Embedding e, Vocabulary v) {
        Value file = file(embed);
        Path path = resolve(file);
        int dim = e.outputWidth();
        PretrainedVectors.ForVocabulary f;
        try {
            f = PretrainedVectors.read(path, dim, v);
        } catch (DataException x) {
            throw ModelCompiler.error(file.span(), x.getMessage(), x.hint());
        }
        return copyRows(f, e, v, file.span(), path.toString());
    }

    private static String copyRows(PretrainedVectors.ForVocabulary f, Embedding e, Vocabulary v, SourceSpan at, String source) {
        int dim = e.outputWidth();
        if (f.found() == 0) {
            throw ModelCompiler.error(at, "none of the vocabulary's " + v.size() + " tokens has a vector in " + source,
                    "words match exactly, case included; is this the data the vectors were made for?");
        }
        float[] w = e.weight().value().toHost();
        for (int id = 0; id < v.size(); id++) {
            if (f.rows()[id] != null) System.arraycopy(f.rows()[id], 0, w, id * dim, dim);
        }
        e.weight().value().copyFromHost(w);
        String note = String.format(Locale.ROOT, "embed: %d of %d tokens have vectors in %s", f.found(), v.size(), source);
        if (!f.missing().isEmpty()) {
            note += "; " + f.missing().size() + " keep the default random init (" + examples(f.missing()) + ")";
        }
        return note + (e.frozen() ? "; frozen" : "");
    }

    /** Up to five missing tokens, words before special tokens. */
    private static String examples(List<String> missing) {
        List<String> shown = new ArrayList<>();
        for (String t : missing) if (!Vocabulary.isSpecial(t) && shown.size() < 5) shown.add("'" + t + "'");
        for (String t : missing) if (Vocabulary.isSpecial(t) && shown.size() < 5) shown.add(t);
        return String.join(", ", shown) + (missing.size() > shown.size() ? ", ..." : "");
    }
}
