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

    /** The vectors file an embed line names, or null when it names none. */
    public static Value file(ModelItem.LayerDecl embed) {
        return embed.args().value("from").orElse(null);
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
        if (f.found() == 0) {
            throw ModelCompiler.error(file.span(), "none of the vocabulary's " + v.size() + " tokens has a vector in " + path,
                    "words match exactly, case included; is this the data the vectors were made for?");
        }
        float[] w = e.weight().value().toHost();
        for (int id = 0; id < v.size(); id++) {
            if (f.rows()[id] != null) System.arraycopy(f.rows()[id], 0, w, id * dim, dim);
        }
        e.weight().value().copyFromHost(w);
        String note = String.format(Locale.ROOT, "embed: %d of %d tokens have vectors in %s", f.found(), v.size(), path);
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
