package org.seqlab.lang.check;

import static org.seqlab.lang.check.ParamType.FILE;
import static org.seqlab.lang.check.ParamType.FRACTION;
import static org.seqlab.lang.check.ParamType.INT;
import static org.seqlab.lang.check.ParamType.NAME;
import static org.seqlab.lang.check.ParamType.NON_NEGATIVE;
import static org.seqlab.lang.check.ParamType.NON_NEGATIVE_INT;
import static org.seqlab.lang.check.ParamType.OPEN_UNIT;
import static org.seqlab.lang.check.ParamType.POSITIVE;
import static org.seqlab.lang.check.ParamType.POSITIVE_INT;
import static org.seqlab.lang.check.ParamType.STRING;
import static org.seqlab.lang.check.ParamType.UNIT;
import static org.seqlab.lang.check.ParamType.UPPER_UNIT;
import static org.seqlab.lang.check.ParamType.choice;
import static org.seqlab.lang.check.ParamType.listOf;
import static org.seqlab.lang.check.ParamType.numberOr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.seqlab.data.Generators;
import org.seqlab.lang.ast.Value;

/**
 * Spec tables for statements, data generators and inspection kinds. The statement keyword list
 * here is what "unknown statement" is judged against and what the REPL completes.
 */
public final class StatementSpecs {

    private static final Map<String, Spec> STATEMENTS = new LinkedHashMap<>();
    private static final Map<String, Spec> GENERATORS = new LinkedHashMap<>();
    private static final Map<String, Spec> INSPECTIONS = new LinkedHashMap<>();

    /** Built-in corpus generators (no file needed). */
    public static final Set<String> CORPUS_GENERATORS = Set.of("elman", "bank", "recall", "stories");
    /** Metrics a {@code when} rule may test. */
    public static final List<String> METRICS = List.of("val_loss", "loss", "accuracy", "val_accuracy",
            "perplexity", "val_perplexity", "step", "epoch");
    /** Units of an {@code every} rule. */
    public static final List<String> EVERY_UNITS = List.of("steps", "step", "epochs", "epoch");
    /** Statements a train-block rule may run. */
    public static final Set<String> RULE_ACTIONS = Set.of("sample", "inspect", "evaluate", "save", "plot",
            "summary", "similarity", "analogy", "translate", "stop");

    private StatementSpecs() {
    }

    private static final List<ParamSpec> TRAINING = List.of(
            ParamSpec.opt("epochs", POSITIVE_INT, "1", "passes over the training data"),
            ParamSpec.opt("steps", POSITIVE_INT, null, "optimizer steps (instead of epochs)"),
            ParamSpec.opt("batch", POSITIVE_INT, "32", "sequences per batch"),
            ParamSpec.opt("seq", POSITIVE_INT, "64", "time steps per sequence (BPTT length)"),
            ParamSpec.opt("lr", POSITIVE, "1e-3", "learning rate"),
            ParamSpec.opt("optimizer", choice("sgd", "adam", "adamw", "rmsprop"), "adam", "optimizer"),
            ParamSpec.opt("momentum", FRACTION, "0", "momentum for sgd"),
            ParamSpec.computed("clip", numberOr(POSITIVE, "off"), "5 for a model with recurrent layers, else off",
                    "gradient-norm clipping; off: none (grad_norm is logged either way)"),
            ParamSpec.opt("schedule", choice("constant", "cosine", "linear", "step"), "constant", "learning-rate schedule"),
            ParamSpec.opt("warmup", NON_NEGATIVE_INT, "0", "warm-up steps"),
            ParamSpec.computed("weight_decay", NON_NEGATIVE, "0; adamw: 0.01", "weight decay of weight matrices and tables"),
            ParamSpec.opt("beta1", OPEN_UNIT, "0.9", "adam/adamw first-moment decay"),
            ParamSpec.opt("beta2", OPEN_UNIT, "0.999", "adam/adamw second-moment decay (nanoGPT: 0.99)"),
            ParamSpec.opt("dropout", FRACTION, null, "dropout rate at every dropout site of the model, for this run"),
            ParamSpec.computed("objective", choice("next", "masked", "masked+next_sentence"),
                    "next; masked for a model that has trained with objective=masked",
                    "next-token or masked-token prediction (with BERT's next-sentence prediction)"),
            ParamSpec.opt("rate", OPEN_UNIT, "0.15",
                    "masking rate for objective=masked (a model that has trained masked keeps its last rate)"),
            ParamSpec.opt("teacher_forcing", numberOr(UNIT, "scheduled"), "1.0",
                    "1.0, 0.0 (free running) or scheduled"),
            ParamSpec.computed("seed", INT, "the session's seed", "random seed for this run"),
            ParamSpec.opt("log", FILE, null, "write one JSON line per step to this file"),
            ParamSpec.opt("validate", POSITIVE_INT, null, "the same as val_every"),
            ParamSpec.computed("val_every", POSITIVE_INT,
                    "about 10 per run, at most 200 and at least 20*val_batches/3 steps apart", "steps between validations"),
            ParamSpec.computed("val_batches", numberOr(POSITIVE_INT, "all"), "20, one per 10 steps in a run shorter than 200",
                    "validation batches each validation scores, the split's first (a sample); all: the whole split"));

    /** Every task's parameters; each task has its own defaults (see {@link #generators}). */
    private static final List<ParamSpec> TASK_PARAMS = List.of(
            ParamSpec.computed("length", POSITIVE_INT, "the task's", "sequence length"),
            ParamSpec.computed("min_length", POSITIVE_INT, "length", "shortest sequence (reverse)"),
            ParamSpec.computed("symbols", POSITIVE_INT, "the task's", "alphabet size"),
            ParamSpec.computed("samples", POSITIVE_INT, "the task's", "examples to generate"),
            ParamSpec.computed("max", POSITIVE_INT, "the task's", "largest n (anbn)"),
            ParamSpec.computed("seed", INT, "the session's seed", "generator seed"),
            ParamSpec.computed("split", OPEN_UNIT, "the task's", "training share"));

    private static void statement(Spec s) {
        STATEMENTS.put(s.name(), s);
    }

    static {
        statement(Spec.of("model", "define a model, a template, or a model from a template",
                "model lm { embed 64; layer lstm(hidden=128); output softmax }").build());
        statement(Spec.of("corpus", "declare a text corpus (file) or a built-in generated one",
                        "corpus shakespeare = \"data/tinyshakespeare.txt\" tokens=char split=0.9")
                .opt("tokens", choice("char", "word", "bytes"), "char", "how text becomes tokens")
                .opt("split", OPEN_UNIT, "0.9", "training share; the rest validates")
                .with(corpusParams()).build());
        statement(Spec.of("task", "declare a built-in synthetic task: " + String.join(", ", Generators.taskNames()),
                "task copy length=20 symbols=8 samples=4000").with(TASK_PARAMS).build());
        statement(Spec.of("data", "declare labeled data: \"label<TAB>text\" lines (many-to-one)",
                        "data reviews = \"reviews.tsv\" format=labeled")
                .opt("format", choice("labeled"), "labeled", "file format")
                .opt("tokens", choice("char", "word", "bytes"), "word", "how text becomes tokens")
                .opt("split", OPEN_UNIT, "0.9", "training share").build());
        statement(Spec.of("series", "declare a numeric series for next-value regression (a CSV column or built-in)",
                        "series prices = \"prices.csv\" column=close window=30")
                .opt("column", NAME, null, "the CSV column to predict (needed with a file)")
                .opt("generator", choice("random_walk", "sine", "trend_noise"), null, "a built-in series instead of a file")
                .opt("length", POSITIVE_INT, "2000", "values to generate (generator=)")
                .opt("seed", INT, "1", "generator seed")
                .opt("window", POSITIVE_INT, "30", "values seen per prediction")
                .opt("split", OPEN_UNIT, "0.9", "training share").build());
        statement(Spec.of("use", "load model templates from a file (searched in stdlib/ and beside the script)",
                "use gpt").build());
        statement(Spec.of("train", "train a model on data; an optional block holds every/when rules",
                "train lm on shakespeare epochs=3 { every 200 steps: sample 80; when val_loss < 1.6: stop }")
                .with(TRAINING).flags("nesterov").build());
        statement(Spec.of("evaluate", "loss, perplexity, bits per token and accuracy on the validation split",
                "evaluate lm on shakespeare")
                .computed("batch", POSITIVE_INT, "the model's last run's batch (train's default before any)",
                        "sequences per batch").build());
        List<ParamSpec> compare = new ArrayList<>(TRAINING);
        for (ParamSpec p : TASK_PARAMS) {
            if (!p.name().equals("seed")) {
                compare.add(p.withType(listOf(p.type())));
            }
        }
        statement(Spec.of("compare", "train several models or cell kinds on the same task; a table of results",
                "compare srn, lstm, gru on task adding length=10,20,50 epochs=3").with(compare).build());
        statement(Spec.of("sample", "generate text from the current model", "sample 300 from \"ROMEO:\" temperature=0.8")
                .opt("length", POSITIVE_INT, "200", "tokens to generate")
                .opt("temperature", POSITIVE, "1.0", "above 1: bolder, below 1: safer")
                .opt("top_k", POSITIVE_INT, null, "keep the k most likely tokens")
                .opt("top_p", UPPER_UNIT, null, "keep the smallest set with this much probability")
                .computed("seed", INT, "drawn from the session's seed, new for each sample", "random seed")
                .flags("greedy").build());
        statement(Spec.of("translate", "run an encoder-decoder model on a text", "translate \"a b c d\" with translator")
                .computed("max", POSITIVE_INT, "twice the text's tokens, plus 10", "longest output").flags("greedy").build());
        statement(Spec.of("inspect", "look inside the model on a text: hidden, gates, attention, surprisal, "
                + "embedding, neuron", "inspect gates layer=1 on \"the boy ate the fish\"").build());
        statement(Spec.of("similarity", "cosine similarity of two tokens' embeddings", "similarity \"cat\" \"dog\"")
                .opt("in", NAME, null, "word vectors made by 'vectors' instead of the model's embedding").build());
        statement(Spec.of("analogy", "embedding arithmetic: nearest tokens to a - b + c",
                "analogy \"king\" - \"man\" + \"woman\"")
                .opt("k", POSITIVE_INT, "5", "answers to show")
                .opt("in", NAME, null, "word vectors made by 'vectors' instead of the model's embedding").build());
        statement(Spec.of("fill", "a masked LM's most likely tokens for each <mask> of a text",
                        "fill \"the boy <mask> the cookie\" with bert k=5")
                .opt("k", POSITIVE_INT, "5", "tokens to show per <mask>").build());
        statement(Spec.of("classify", "a many-to-one model's class probabilities for a text",
                "classify \"what a great film\" with sentiment").build());
        statement(Spec.of("forecast", "a series model's predictions against the actual held-out tail",
                        "forecast prices steps=30 to \"forecast.png\"")
                .opt("steps", POSITIVE_INT, "30", "values of the held-out tail to predict").build());
        statement(Spec.of("vectors", "count-based word vectors: co-occurrence counts, PPMI, truncated SVD",
                        "vectors cooc = counts of elman window=2 ppmi dim=20")
                .opt("window", POSITIVE_INT, "2", "words on each side that count as context")
                .computed("dim", POSITIVE_INT, "all counts", "keep this many SVD dimensions")
                .flags("ppmi").build());
        statement(Spec.of("plot", "plot a training curve", "plot loss to \"loss.png\"")
                .flags("log").build());
        statement(Spec.of("summary", "layers, output shapes and parameter counts", "summary").build());
        statement(Spec.of("save", "save weights, model source, vocabulary and optimizer state (safetensors)",
                "save \"lm.safetensors\"").build());
        statement(Spec.of("load", "load a saved model", "load \"lm.safetensors\"").build());
        statement(Spec.of("export", "write a PyTorch module and loader for the same weights", "export pytorch \"lm.py\"")
                .flags("training").build());
        statement(Spec.of("set", "change a setting: seed, backend, threads", "set seed=42")
                .setting("seed", INT, "1", "random seed for everything after (a session starts with 1: runs repeat)")
                .setting("backend", choice("cpu", "cuda", "auto"), "cpu", "where the arithmetic runs (auto: cuda when a GPU works)")
                .computed("threads", POSITIVE_INT, "all cores", "CPU threads")
                .build());
        statement(Spec.of("stop", "end the training run (the action of a when/every rule)",
                "when val_loss < 1.6: stop").build());

        for (String g : Generators.taskNames()) {
            GENERATORS.put(g, Spec.of(g, "built-in task", "task " + g).with(generatorParams(g)).build());
        }

        List<ParamSpec> layer = List.of(ParamSpec.opt("layer", POSITIVE_INT, "1", "which layer (1 = lowest)"));
        INSPECTIONS.put("hidden", Spec.of("hidden", "per-token hidden-state heatmap",
                "inspect hidden layer=1 on \"the boy ate the fish\"").with(layer).flags("values").build());
        INSPECTIONS.put("cell", Spec.of("cell", "per-token LSTM cell-state heatmap",
                "inspect cell layer=1 on \"the boy ate the fish\"").with(layer).flags("values").build());
        INSPECTIONS.put("gates", Spec.of("gates", "LSTM input/forget/output/cell, GRU reset/update gates",
                "inspect gates layer=1 on \"the boy ate the fish\"").with(layer).flags("values").build());
        INSPECTIONS.put("attention", Spec.of("attention", "tokens x tokens attention map; head=all: a grid",
                        "inspect attention layer=2 head=3 on \"put your money in the bank\"").with(layer)
                .opt("head", numberOr(POSITIVE_INT, "all"), "all", "which head")
                .opt("show", choice("weights", "scores", "queries", "keys", "values"), "weights",
                        "weights, raw scores q.k/sqrt(d) before the softmax, or the projected vectors")
                .flags("values").build());
        INSPECTIONS.put("gradients", Spec.of("gradients", "|dloss/dh_t| per time step: vanishing and exploding gradients",
                        "inspect gradients layer=1 on \"the boy who chased the dogs sees\"").with(layer)
                .flags("all", "values").build());
        INSPECTIONS.put("next", Spec.of("next", "the next-token distribution after a text, top k, as bars",
                "inspect next on \"the boy ate the\" k=10").opt("k", POSITIVE_INT, "10", "tokens to show").build());
        INSPECTIONS.put("positional", Spec.of("positional", "the sinusoidal position matrix and position-by-position similarity",
                        "inspect positional dim=64 length=50")
                .opt("dim", POSITIVE_INT, "64", "width of the encoding")
                .opt("length", POSITIVE_INT, "50", "positions").flags("values").build());
        INSPECTIONS.put("surprisal", Spec.of("surprisal", "-log p(token | prefix), per token",
                "inspect surprisal on \"the boy ate the river\"").flags("values").build());
        INSPECTIONS.put("embedding", Spec.of("embedding", "nearest tokens in embedding space; map: a 2-D projection (PCA)",
                        "inspect embedding nearest \"king\" k=5").opt("k", POSITIVE_INT, "5", "neighbours to show")
                .opt("words", STRING, null, "the words to place on the map")
                .opt("in", NAME, null, "word vectors made by 'vectors' instead of the model's embedding")
                .flags("map").build());
        INSPECTIONS.put("neuron", Spec.of("neuron", "one unit's activation over the text",
                        "inspect neuron layer=1 unit=42 on \"the boy ate the fish\"").with(layer)
                .req("unit", NON_NEGATIVE_INT, "which unit (0-based)").flags("values").build());
        INSPECTIONS.put("neurons", Spec.of("neurons", "the units that change most over the text",
                        "inspect neurons layer=1 top=10 on \"the boy ate the fish\"").with(layer)
                .opt("top", POSITIVE_INT, "10", "how many units to show").flags("values").build());
        INSPECTIONS.put("words", Spec.of("words", "nearest words by mean hidden state (Elman 1990)",
                        "inspect words layer=1 k=5").with(layer)
                .opt("k", POSITIVE_INT, "5", "neighbours to show")
                .opt("tokens", POSITIVE_INT, "3000", "validation tokens to read when no text is given").build());
    }

    /**
     * A generator's own parameters and defaults, as the data package declares them, so checker and generator
     * agree. Its seed defaults to the session's seed, and a default of 0 means "worked out from the others"
     * (reverse's min_length: its length).
     */
    private static List<ParamSpec> generatorParams(String generator) {
        List<ParamSpec> out = new ArrayList<>();
        for (Generators.Option p : Generators.parameters(generator)) {
            ParamType type = !p.integer() ? OPEN_UNIT : p.name().equals("seed") ? INT : POSITIVE_INT;
            if (p.name().equals("seed")) {
                out.add(ParamSpec.computed(p.name(), type, "the session's seed", "generator seed"));
            } else if (p.integer() && p.defaultValue() == 0) {
                out.add(ParamSpec.computed(p.name(), type, p.meaning().replaceFirst(".*\\(default: (.*)\\)", "$1"),
                        p.meaning().replaceFirst(" \\(default: .*\\)", "")));
            } else {
                String def = !p.integer() ? Double.toString(p.defaultValue()) : Long.toString((long) p.defaultValue());
                out.add(ParamSpec.opt(p.name(), type, def, p.meaning()));
            }
        }
        return out;
    }

    /** The built-in corpus's parameters (elman's), without the split every corpus takes. */
    /**
     * The parameters of the built-in corpora (elman, bank, recall), each once; {@code sentences} differs per corpus
     * (elman 5000, the others 3000), so its default is the generator's, not one the checker writes.
     */
    private static List<ParamSpec> corpusParams() {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        StringBuilder sentences = new StringBuilder();
        for (String g : Generators.corpusNames()) {
            for (ParamSpec p : generatorParams(g)) {
                if (p.name().equals("split")) continue;
                if (p.name().equals("sentences")) {
                    sentences.append(sentences.length() == 0 ? "" : ", ").append(g).append(' ').append(p.defaultText());
                    continue;
                }
                // Only a parameter every corpus takes may have a default the checker writes; the others
                // (recall's gap and symbols) are the generator's own, or `corpus elman` would be given them.
                boolean everyCorpus = Generators.corpusNames().stream().allMatch(c -> Generators.parameters(c).stream()
                        .anyMatch(o -> o.name().equals(p.name())));
                out.putIfAbsent(p.name(), everyCorpus ? p : ParamSpec.computed(p.name(), p.type(),
                        p.defaultText() + " (" + g + ")", p.doc() + " (" + g + ")"));
            }
        }
        out.put("sentences", ParamSpec.computed("sentences", POSITIVE_INT, sentences.toString(), "sentences to generate"));
        return List.copyOf(out.values());
    }

    public static Optional<Spec> statement(String keyword) {
        return Optional.ofNullable(STATEMENTS.get(keyword));
    }

    /**
     * A statement parameter's fixed default, or a setting's value when a session starts, as this table states it:
     * for the engine where no checked statement carries it (a session's first seed, a loaded model evaluated
     * before any run). Throws when the table has no such value for it (a programming error).
     */
    public static Value defaultValue(String keyword, String param) {
        return statement(keyword).flatMap(s -> s.param(param)).map(p -> p.defaultValue(null))
                .orElseThrow(() -> new IllegalStateException("no fixed default for " + keyword + " " + param + " in the spec table"));
    }

    /** {@link #defaultValue} as a number. */
    public static double defaultNumber(String keyword, String param) {
        return ((Value.Num) defaultValue(keyword, param)).value();
    }

    /** {@link #defaultValue} as a word. */
    public static String defaultText(String keyword, String param) {
        return defaultValue(keyword, param).text();
    }

    public static Map<String, Spec> statements() {
        return STATEMENTS;
    }

    public static Map<String, Spec> generators() {
        return GENERATORS;
    }

    public static Map<String, Spec> inspections() {
        return INSPECTIONS;
    }

    /** Plot subjects. */
    public static final List<String> PLOTS = List.of("loss", "val_loss", "lr", "accuracy", "perplexity", "grad_norm");
    /** Export formats. */
    public static final List<String> EXPORTS = List.of("pytorch");
    /** Picture formats for {@code inspect ... to FILE}. */
    public static final List<String> PICTURES = List.of("png", "svg", "html");

    /**
     * What a parameter of this name takes, in words, when every spec agrees ("a positive whole
     * number" for hidden); null otherwise. Lets the parser say "expected a number after 'hidden='".
     */
    public static String expectedValue(String name) {
        String found = null;
        List<Map<String, Spec>> tables = List.of(STATEMENTS, LayerSpecs.all(), INSPECTIONS);
        for (Map<String, Spec> table : tables) {
            for (Spec s : table.values()) {
                Optional<ParamSpec> p = s.param(name);
                if (p.isPresent()) {
                    String d = p.get().type().describe();
                    if (found != null && !found.equals(d)) {
                        return null;
                    }
                    found = d;
                }
            }
        }
        return found;
    }
}
