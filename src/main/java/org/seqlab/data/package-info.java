/**
 * Data for seqlab: tokenizers, vocabularies, corpora, built-in generators and batching. Plain Java
 * arrays in and out; imports nothing of seqlab but {@code diag}.
 *
 * <p>What the interpreter calls, statement by statement:
 * <pre>
 * corpus NAME = "f" tokens=char split=0.9 min_count=1  Corpus.load(NAME, path, TokenKind.parse(tokens), split, minCount)
 * train on f.txt                                         Corpus.load(path, TokenKind.CHAR, 0.9, 1)
 * corpus elman sentences=5000 seed=1                     Generators.corpus("elman", args, sessionSeed)
 * task copy|adding|parity|anbn|reverse|sort ...          Generators.task(kind, args, sessionSeed)
 * data NAME = "f.tsv" format=labeled                     LabeledText.load(NAME, path, TokenKind.WORD, 0.9, 1, seed)
 * series NAME = "f.csv" column=close window=30           Series.load(NAME, path, "close", 30, 0.9)
 * </pre>
 * Every failure is a {@link org.seqlab.data.DataException} whose message names the file (and line or
 * byte offset) in words; the interpreter adds the statement's source span.
 *
 * <p>What the trainer uses: a {@link org.seqlab.data.Corpus} is batched by
 * {@link org.seqlab.data.StreamBatcher} (contiguous rows, state carried across batches); an
 * {@link org.seqlab.data.ExampleSet} by {@link org.seqlab.data.ExampleBatcher} (shuffled, padded,
 * masked); {@link org.seqlab.data.DataKind} picks the loss. {@link org.seqlab.data.MaskedLm} turns
 * any token batch into BERT-style masked inputs and targets, after the vocabulary has gained
 * {@code <mask>} through {@link org.seqlab.data.Vocabulary#withSpecial}. Checkpoints store the
 * vocabulary as {@link org.seqlab.data.Vocabulary#toJson()}.
 */
package org.seqlab.data;
