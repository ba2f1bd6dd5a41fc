package org.seqlab.data;

import java.util.Map;

/**
 * What the interpreter and trainer see of any data set. Two shapes exist:
 * {@link Corpus} (one long token stream per split; batched by {@link StreamBatcher}) and
 * {@link ExampleSet} (separate examples with targets; batched by {@link ExampleBatcher}).
 * Switch on the class ({@code instanceof Corpus c}) for the batcher, on {@link #kind()} for the loss.
 */
public sealed interface Dataset permits Corpus, ExampleSet {

    /** The name given in the script ({@code corpus shakespeare = ...}). */
    String name();

    DataKind kind();

    /** The input tokens; null when inputs are numbers ({@code task adding}, {@code series}). */
    Vocabulary vocabulary();

    /** Tokens (corpora) or examples (example sets) in a split. */
    int size(Split split);

    /** One line for {@code :data}. */
    String describe();

    /** This data set under another name (the name a script gives it). */
    Dataset named(String name);

    /**
     * Word categories for teaching and inspection: token -> category such as {@code noun.human} or
     * {@code verb.transitive} (the part before the dot is the coarse class). Empty when unknown.
     */
    default Map<String, String> tokenCategories() {
        return Map.of();
    }
}
