/**
 * Looking inside a model: reads the trace of a forward pass and turns it into the plain pictures of
 * {@link org.seqlab.inspect.render}. Nothing here re-implements a layer: {@link org.seqlab.inspect.TextTrace}
 * runs the model once on the user's text (batch of one, {@code training=false}, zero initial state, the
 * model's carried training state put back afterwards) and copies what the layers traced; every inspection
 * reads those copies. Does not import {@code lang}; {@code lang/run/InspectCommand} resolves the statement.
 *
 * <pre>
 * inspect hidden|cell|gates layer=N on "text"   StateMaps          units x tokens; gates one panel each
 * inspect neuron layer=N unit=U on "text"       Neurons.neuron     the text coloured by one unit
 * inspect neurons layer=N top=K on "text"       Neurons.mostChanging  units by mean |h_t - h_t-1|
 * inspect surprisal on "text"                   Surprisal          -log p(token | prefix) from output.probs
 * inspect attention layer=N head=H|all on ...   AttentionMaps      LAYER.attention.weights (B*heads, Tq, Tk)
 * inspect embedding nearest "w" k=K             EmbeddingSpace     cosine over the embedding table
 * similarity "a" "b", analogy "a" - "b" + "c"   EmbeddingSpace     query tokens left out of answers
 * inspect words layer=N [on "text"]             WordStates         Elman's nearest words by mean hidden state
 * </pre>
 *
 * <p>Conventions. {@code layer=N} is 1-based over recurrent layers, counting each stacked layer of a
 * {@code layers=K} line separately; both directions of a bidirectional layer are one layer, its units
 * numbered forward first (as in its output). Attention layers are counted on their own, heads from 1.
 * Surprisal skips the first token (it has no prefix): the mean over the rest equals the model's
 * cross-entropy loss on the same text. Special tokens are never offered as neighbours.
 */
package org.seqlab.inspect;
