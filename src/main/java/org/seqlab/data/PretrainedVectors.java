package org.seqlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Word vectors in the text format of GloVe and word2vec ({@code embed N from "vectors.txt"}): one word per line
 * followed by its numbers, separated by spaces (or tabs); word2vec's optional first line "COUNT DIM" is read and
 * checked, GloVe has none. Every vector must have the {@code N} numbers the embed line asks for. Words match the
 * vocabulary's tokens exactly (case included); a word listed twice keeps its first vector. The file is streamed,
 * so a large file costs only the vectors kept.
 */
public final class PretrainedVectors {

    /**
     * Vectors for a vocabulary: {@code rows[id]} is the token's vector, or null when the file has none.
     * {@code missing} lists the tokens without one, in vocabulary order.
     */
    public record ForVocabulary(float[][] rows, int found, List<String> missing) {
    }

    /** Every word of a file and its vector, in file order. */
    public record All(List<String> words, float[][] vectors) {
    }

    private PretrainedVectors() {
    }

    /** The file's vectors for the vocabulary's tokens. */
    public static ForVocabulary read(Path path, int dim, Vocabulary v) {
        Map<String, Integer> wanted = new HashMap<>();
        for (int id = 0; id < v.size(); id++) wanted.put(v.token(id), id);
        float[][] rows = new float[v.size()][];
        int[] found = {0};
        scan(path, dim, (word, vector) -> {
            Integer id = wanted.get(word);
            if (id != null && rows[id] == null) {
                rows[id] = vector;
                found[0]++;
            }
        });
        List<String> missing = new ArrayList<>();
        for (int id = 0; id < rows.length; id++) if (rows[id] == null) missing.add(v.token(id));
        return new ForVocabulary(rows, found[0], missing);
    }

    /** All of the file's words and vectors (for looking at vectors before a model has met its data). */
    public static All readAll(Path path, int dim) {
        Map<String, float[]> all = new LinkedHashMap<>();
        scan(path, dim, all::putIfAbsent);
        return new All(List.copyOf(all.keySet()), all.values().toArray(new float[0][]));
    }

    private interface Sink {
        void vector(String word, float[] vector);
    }

    /** Parses the file line by line, checking every line; each vector goes to sink. */
    private static void scan(Path path, int dim, Sink sink) {
        Utf8Chunks.checkFile(path);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0, vectors = 0;
        boolean first = true;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder), 1 << 16)) {
            String line;
            while ((line = readLine(in, path, lineNo + 1)) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) continue;
                String[] f = trimmed.split("[ \t]+");
                boolean header = first && isHeader(f);
                first = false;
                if (header) {
                    int fileDim = Integer.parseInt(f[1]);
                    if (fileDim != dim) throw mismatch(path, fileDim, dim, "its first line says " + f[0] + " vectors of " + fileDim);
                    continue;
                }
                if (f.length - 1 != dim) {
                    if (vectors == 0) throw mismatch(path, f.length - 1, dim, "line " + lineNo + " has " + (f.length - 1) + " numbers");
                    throw new DataException(path + " line " + lineNo + ": expected a word and " + dim + " numbers, found "
                            + (f.length - 1) + " number" + (f.length == 2 ? "" : "s"), "every line is: WORD NUMBER ... (" + dim + " numbers)");
                }
                float[] vector = new float[dim];
                for (int i = 0; i < dim; i++) {
                    float x;
                    try {
                        x = Float.parseFloat(f[i + 1]);
                    } catch (NumberFormatException e) {
                        throw new DataException(path + " line " + lineNo + ": '" + f[i + 1] + "' is not a number (the "
                                + ordinal(i + 1) + " number of '" + f[0] + "')");
                    }
                    if (!Float.isFinite(x)) {
                        throw new DataException(path + " line " + lineNo + ": '" + f[i + 1] + "' is not a finite number");
                    }
                    vector[i] = x;
                }
                sink.vector(f[0], vector);
                vectors++;
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
        if (vectors == 0) throw new DataException(path + " has no vectors", "every line is: WORD NUMBER ... (" + dim + " numbers)");
    }

    private static String readLine(BufferedReader in, Path path, int lineNo) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new DataException(path + " line " + lineNo + ": not UTF-8 text", "word vectors files are UTF-8 text");
        }
    }

    /** word2vec's "COUNT DIM" line: exactly two whole numbers. */
    private static boolean isHeader(String[] f) {
        return f.length == 2 && f[0].matches("\\d+") && f[1].matches("\\d+");
    }

    private static DataException mismatch(Path path, int fileDim, int dim, String why) {
        return new DataException(path + " has " + fileDim + "-dimensional vectors (" + why + "); embed " + dim + " needs " + dim,
                "write: embed " + fileDim + " from \"" + path + "\"");
    }

    private static String ordinal(int n) {
        String s = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + s;
    }
}
