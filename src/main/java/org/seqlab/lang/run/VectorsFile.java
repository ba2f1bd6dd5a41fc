package org.seqlab.lang.run;

import org.seqlab.compile.PretrainedEmbedding;
import org.seqlab.data.DataException;
import org.seqlab.data.PretrainedVectors;
import org.seqlab.data.TokenKind;
import org.seqlab.data.Vocabulary;
import org.seqlab.inspect.EmbeddingSpace;
import org.seqlab.lang.ast.ModelItem;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;

/**
 * The vectors an {@code embed N from FILE} line names, as an {@link EmbeddingSpace} over the file's own words:
 * what {@code inspect embedding}, {@code similarity} and {@code analogy} look at before the model has met the
 * data that gives it a vocabulary.
 */
final class VectorsFile {

    private VectorsFile() {
    }

    /** The space of the model's vectors file, or null when its first layer loads none. */
    static EmbeddingSpace space(Statement.ModelDef def) {
        if (def == null || def.body().isEmpty() || !(def.body().get(0) instanceof ModelItem.LayerDecl embed)
                || !embed.kind().equals("embed") || PretrainedEmbedding.file(embed) == null) {
            return null;
        }
        Value file = PretrainedEmbedding.file(embed);
        int dim = (int) embed.args().number("dim").orElse(0);
        try {
            PretrainedVectors.All all = PretrainedVectors.readAll(PretrainedEmbedding.resolve(file), dim);
            return new EmbeddingSpace(new Vocabulary(TokenKind.WORD, all.words()), all.vectors());
        } catch (DataException e) {
            throw RunFailure.at(file.span(), e.getMessage(), e.hint());
        }
    }
}
