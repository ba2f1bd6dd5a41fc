package org.seqlab.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.diag.Suggest;

/**
 * The built-in generators by name, with their parameters and defaults, for the interpreter
 * ({@code task copy length=20}, {@code corpus elman sentences=5000 seed=1}), the checker and completion.
 * Every generator takes {@code samples}/{@code sentences}, {@code split} (training share, default 0.9)
 * and {@code seed}; an explicit {@code seed=} argument wins over the seed the caller passes.
 */
public final class Generators {

    /** One parameter: its name, default, whether it must be a whole number, and what it means. */
    public record Option(String name, double defaultValue, boolean integer, String meaning) {
    }

    private static final Map<String, List<Option>> TASKS = new LinkedHashMap<>();
    private static final Map<String, List<Option>> CORPORA = new LinkedHashMap<>();
    private static final Option SPLIT = new Option("split", 0.9, false, "training share; the rest is validation");
    private static final Option SEED = new Option("seed", 1, true, "random seed (default: the session's seed)");

    static {
        TASKS.put("copy", List.of(new Option("length", 10, true, "symbols to remember"),
                new Option("symbols", 8, true, "alphabet size (letters a, b, ...)"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        TASKS.put("adding", List.of(new Option("length", 50, true, "steps per sequence"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        TASKS.put("lookahead", List.of(new Option("length", 12, true, "letters per sequence"),
                new Option("symbols", 8, true, "alphabet size (letters a, b, ...)"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        TASKS.put("parity", List.of(new Option("length", 16, true, "bits per sequence"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        TASKS.put("anbn", List.of(new Option("max", 12, true, "largest n"),
                new Option("samples", 2000, true, "strings in all"), SPLIT, SEED));
        TASKS.put("reverse", List.of(new Option("length", 10, true, "letters per sequence"),
                new Option("min_length", 0, true, "shortest sequence (default: length)"),
                new Option("symbols", 10, true, "alphabet size (letters a, b, ...)"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        TASKS.put("sort", List.of(new Option("length", 10, true, "digits per sequence"),
                new Option("symbols", 10, true, "digits 0..symbols-1"),
                new Option("samples", 4000, true, "examples in all"), SPLIT, SEED));
        CORPORA.put("elman", List.of(new Option("sentences", 5000, true, "sentences in all"), SPLIT, SEED));
        CORPORA.put("bank", List.of(new Option("sentences", 3000, true, "sentences in all"), SPLIT, SEED));
        CORPORA.put("recall", List.of(new Option("gap", 8, true, "fillers between a letter and its recall"),
                new Option("symbols", 8, true, "alphabet size (letters a, b, ...)"),
                new Option("sentences", 3000, true, "lines in all"), SPLIT, SEED));
        CORPORA.put("stories", List.of(new Option("sentences", 5000, true, "sentences in all"),
                new Option("per_story", 4, true, "sentences per story (one character each)"), SPLIT, SEED));
    }

    private Generators() {
    }

    public static List<String> taskNames() {
        return List.copyOf(TASKS.keySet());
    }

    public static List<String> corpusNames() {
        return List.copyOf(CORPORA.keySet());
    }

    /** Parameters of a task or corpus generator, or an empty list for an unknown name. */
    public static List<Option> parameters(String generator) {
        return TASKS.getOrDefault(generator, CORPORA.getOrDefault(generator, List.of()));
    }

    /** {@code task NAME args}: a generated example set named NAME. */
    public static ExampleSet task(String name, Map<String, ? extends Number> args, long seed) {
        List<Option> params = TASKS.get(name);
        if (params == null) {
            throw new DataException("unknown task '" + name + "'; tasks are " + String.join(", ", TASKS.keySet()),
                    Suggest.didYouMean(name, TASKS.keySet()));
        }
        Args a = new Args("task " + name, params, args, seed);
        return switch (name) {
            case "copy" -> CopyTask.generate(a.i("length"), a.i("symbols"), a.i("samples"), a.d("split"), a.seed());
            case "adding" -> AddingTask.generate(a.i("length"), a.i("samples"), a.d("split"), a.seed());
            case "lookahead" -> LookaheadTask.generate(a.i("length"), a.i("symbols"), a.i("samples"), a.d("split"), a.seed());
            case "parity" -> ParityTask.generate(a.i("length"), a.i("samples"), a.d("split"), a.seed());
            case "anbn" -> AnbnTask.generate(a.i("max"), a.i("samples"), a.d("split"), a.seed());
            case "reverse" -> ReverseTask.generate(a.i("length"), a.i("min_length") == 0 ? a.i("length") : a.i("min_length"),
                    a.i("symbols"), a.i("samples"), a.d("split"), a.seed());
            case "sort" -> SortTask.generate(a.i("length"), a.i("symbols"), a.i("samples"), a.d("split"), a.seed());
            default -> throw new IllegalStateException(name);
        };
    }

    /** {@code corpus NAME args} for a built-in corpus ({@code elman}, {@code bank}, {@code recall}, {@code stories}). */
    public static Corpus corpus(String name, Map<String, ? extends Number> args, long seed) {
        List<Option> params = CORPORA.get(name);
        if (params == null) {
            throw new DataException("unknown built-in corpus '" + name + "'; built-in corpora are "
                    + String.join(", ", CORPORA.keySet()) + " (or give a file: corpus NAME = \"file.txt\")",
                    Suggest.didYouMean(name, CORPORA.keySet()));
        }
        Args a = new Args("corpus " + name, params, args, seed);
        return switch (name) {
            case "bank" -> BankCorpus.corpus(a.i("sentences"), a.seed(), a.d("split"));
            case "stories" -> ElmanGrammar.stories(a.i("sentences"), a.i("per_story"), a.seed(), a.d("split"));
            case "recall" -> RecallCorpus.corpus(a.i("gap"), a.i("symbols"), a.i("sentences"), a.seed(), a.d("split"));
            default -> ElmanGrammar.corpus(a.i("sentences"), a.seed(), a.d("split"));
        };
    }

    /** Arguments checked against a parameter list: unknown names and fractions where whole numbers belong are errors. */
    private static final class Args {
        private final Map<String, Double> values = new LinkedHashMap<>();
        private final long seed;

        Args(String what, List<Option> params, Map<String, ? extends Number> given, long seed) {
            for (Option p : params) {
                values.put(p.name(), p.defaultValue());
            }
            List<String> names = params.stream().map(Option::name).toList();
            for (var e : given.entrySet()) {
                Option p = params.stream().filter(q -> q.name().equals(e.getKey())).findFirst().orElseThrow(() ->
                        new DataException(what + " has no parameter '" + e.getKey() + "'; it takes " + String.join(", ", names),
                                Suggest.didYouMean(e.getKey(), names)));
                double v = e.getValue().doubleValue();
                if (p.integer() && (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)) {
                    throw new DataException(what + ": " + p.name() + "=" + e.getValue() + " must be a whole number");
                }
                values.put(p.name(), v);
            }
            this.seed = given.containsKey("seed") ? (long) (double) values.get("seed") : seed;
        }

        int i(String name) {
            return (int) (double) values.get(name);
        }

        double d(String name) {
            return values.get(name);
        }

        long seed() {
            return seed;
        }
    }
}
