package org.seqlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * {@code data NAME = "file.tsv" format=labeled}: one example per line, {@code label<TAB>text}, for
 * many-to-one classification. Text is tokenised by words by default ({@code tokens=char} also
 * works). Blank lines are skipped. Lines are shuffled with the seed before the split, since such
 * files are often sorted by label. Class ids follow the labels' sorted order, taken from the whole
 * file. The vocabulary ({@code <pad>}, {@code <unk>}, then tokens by falling count, ties
 * alphabetical) comes from the training lines; rarer than {@code minCount} becomes {@code <unk>}.
 */
public final class LabeledText {

    private LabeledText() {
    }

    public static ExampleSet load(String name, Path path, TokenKind tokens, double split, int minCount, long seed) {
        if (tokens == TokenKind.BYTES) {
            throw new DataException("format=labeled reads text as words or chars, not bytes");
        }
        if (!(split > 0 && split < 1)) {
            throw new DataException("split=" + split + " must be between 0 and 1 (the training share, e.g. 0.9)");
        }
        Tokenizer tokenizer = Tokenizer.of(tokens);
        List<String> lines = TextFiles.lines(path);
        List<String> labelOf = new ArrayList<>();
        List<List<String>> textOf = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new DataException(path + ":" + (n + 1) + ": expected 'label<TAB>text' but the line has no tab");
            }
            String label = line.substring(0, tab).strip();
            if (label.isEmpty()) {
                throw new DataException(path + ":" + (n + 1) + ": the label before the tab is empty");
            }
            List<String> parts = tokenizer.split(line.substring(tab + 1));
            if (parts.isEmpty()) {
                throw new DataException(path + ":" + (n + 1) + ": no text after the label '" + label + "'");
            }
            labelOf.add(label);
            textOf.add(parts);
        }
        int count = labelOf.size();
        if (count < 2) {
            throw new DataException(path + " has " + count + " labelled lines; at least 2 are needed (one to train, one to validate)");
        }
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = count - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int train = Math.max(1, Math.min(count - 1, (int) Math.round(count * split)));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < train; i++) {
            for (String t : textOf.get(order[i])) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<String> vocabTokens = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK));
        counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> vocabTokens.add(e.getKey()));
        if (tokens == TokenKind.CHAR) {
            vocabTokens.subList(2, vocabTokens.size()).sort(Comparator.comparingInt(s -> s.codePointAt(0)));
        }
        Vocabulary vocab = new Vocabulary(tokens, vocabTokens);
        List<String> labels = List.copyOf(new TreeSet<>(labelOf));
        Examples tr = new Examples(0);
        Examples va = new Examples(0);
        int unk = vocab.unkId();
        for (int i = 0; i < count; i++) {
            int e = order[i];
            List<String> parts = textOf.get(e);
            int[] ids = new int[parts.size()];
            for (int t = 0; t < ids.length; t++) {
                int id = vocab.id(parts.get(t));
                ids[t] = id < 0 ? unk : id;
            }
            (i < train ? tr : va).add(ids, null, labels.indexOf(labelOf.get(e)), 0f);
        }
        return new ExampleSet(name, path.toString(), DataKind.CLASSIFICATION, vocab, labels, null, tr, va);
    }
}
