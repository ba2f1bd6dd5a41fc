package org.seqlab.train;

/**
 * How {@code sample} picks each next token: greedy (argmax), or a draw from softmax(logits / temperature)
 * restricted to the top_k most likely tokens (0 = all) and then to the smallest set whose probability
 * reaches top_p (1 = all); both filters apply when both are given, top_k first, as in Hugging Face.
 */
public record SampleOptions(int length, double temperature, boolean greedy, int topK, double topP, long seed) {
}
