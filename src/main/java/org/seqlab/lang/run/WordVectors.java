package org.seqlab.lang.run;

import java.io.PrintStream;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.compile.PretrainedEmbedding;
import org.seqlab.data.Corpus;
import org.seqlab.data.DataKind;
import org.seqlab.data.Dataset;
import org.seqlab.inspect.CountVectors;
import org.seqlab.inspect.EmbeddingSpace;
import org.seqlab.inspect.InspectException;
import org.seqlab.lang.ast.Arg;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;
import org.seqlab.session.Workspace;

/**
 * {@code vectors NAME = counts of CORPUS window=W [ppmi] [dim=D]}: count-based word vectors kept in the session under
 * NAME ({@code vectors NAME = onehot of CORPUS}: one-hot vectors, for comparison), and the places that read them: {@code similarity}, {@code analogy} and {@code inspect embedding} with
 * {@code in NAME}, and {@code embed N from NAME} (see {@link org.seqlab.compile.PretrainedEmbedding}).
 */
final class WordVectors {

    private WordVectors() {
    }

    static void make(Statement.Vectors s, Workspace ws, PrintStream out, Backend engine) {
        Dataset data = EngineData.resolve(s.source(), ws, TensorEngine.seed(ws));
        if (!(data instanceof Corpus c) || c.kind() != DataKind.NEXT_TOKEN) {
            throw RunFailure.at(s.source().span(), "vectors count the words of a text corpus; " + data.name() + " is "
                    + data.kind().words() + " data", "e.g. corpus elman sentences=2000, then vectors cooc = counts of elman");
        }
        var o = s.opts();
        int window = (int) o.number("window").orElse(2);
        int dim = (int) o.number("dim").orElse(0);
        // The decomposition is host-side analysis: on a GPU session it runs on a CPU backend of its own.
        Backend be = engine.name().startsWith("cpu") ? engine : Backends.create("cpu", 1);
        CountVectors v;
        try {
            v = s.method().name().equals("onehot") ? CountVectors.oneHot(c.vocabulary())
                    : CountVectors.of(c.vocabulary(), c.train(), window, o.has("ppmi"), dim, be);
        } catch (InspectException e) {
            Arg at = o.arg("dim").filter(a -> e.getMessage().startsWith("dim=")).orElse(null);
            throw RunFailure.at(at != null ? at.span() : s.span(), e.getMessage(), e.hint());
        } finally {
            if (be != engine) be.shutdown();
        }
        ws.putVectors(s.name().name(), v);
        out.println(v.describe(s.name().name(), "corpus " + c.name() + "'s " + c.train().length() + " training tokens"));
    }

    /** The session's word vectors of that name for {@code embed N from NAME}, or null. */
    static PretrainedEmbedding.Words words(String name, Workspace ws) {
        CountVectors v = ws.vectors(name);
        return v == null ? null : new PretrainedEmbedding.Words(v.vocabulary(), v.vectors());
    }

    /** The vectors {@code in NAME} names, or null when the statement has no {@code in}. */
    static EmbeddingSpace named(Args opts, Workspace ws, Statement s) {
        Arg in = opts.arg("in").orElse(null);
        if (in == null) return null;
        String name = in.value() instanceof Value.Str str ? str.value() : in.value().text();
        CountVectors v = ws.vectors(name);
        if (v == null) {
            throw RunFailure.at(in.value().span(), "no word vectors named '" + name + "' in this session",
                    "make them first, e.g. vectors " + name + " = counts of elman window=2");
        }
        return v.space();
    }
}
