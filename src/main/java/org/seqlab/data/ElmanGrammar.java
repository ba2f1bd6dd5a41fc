package org.seqlab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simple sentences in the manner of Elman (1990), "Finding Structure in Time": words of a few noun
 * and verb categories combined by templates, so that what may follow what depends on the
 * category. Our own grammar: every word belongs to exactly one category, so a model's hidden state
 * for a word can be checked against it. Sentences end with the token {@code "."}.
 */
public final class ElmanGrammar {

    /** Category -> words; the part of the name before the dot is the coarse class (noun, verb). */
    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();
    /** Each template: the category (or alternatives joined by '|') of each word position. */
    private static final List<List<String>> TEMPLATES = new ArrayList<>();

    static {
        CATEGORIES.put("noun.human", List.of("man", "woman", "boy", "girl"));
        CATEGORIES.put("noun.animal", List.of("cat", "dog", "mouse", "lion"));
        CATEGORIES.put("noun.inanimate", List.of("book", "rock", "car", "ball"));
        CATEGORIES.put("noun.food", List.of("cookie", "bread", "apple", "cheese"));
        CATEGORIES.put("noun.breakable", List.of("glass", "plate", "cup", "vase"));
        CATEGORIES.put("verb.intransitive", List.of("sleep", "think", "laugh", "smile"));
        CATEGORIES.put("verb.transitive", List.of("chase", "like", "follow", "help"));
        CATEGORIES.put("verb.perceive", List.of("see", "smell", "watch"));
        CATEGORIES.put("verb.eat", List.of("eat", "devour"));
        CATEGORIES.put("verb.break", List.of("break", "smash"));
        CATEGORIES.put("verb.move", List.of("move", "push"));
        template("noun.human", "verb.eat", "noun.food");
        template("noun.animal", "verb.eat", "noun.food");
        template("noun.human", "verb.perceive", "noun.inanimate|noun.food|noun.breakable|noun.animal");
        template("noun.animal", "verb.perceive", "noun.food|noun.animal");
        template("noun.human", "verb.break", "noun.breakable");
        template("noun.human", "verb.intransitive");
        template("noun.animal", "verb.intransitive");
        template("noun.human", "verb.transitive", "noun.human|noun.animal");
        template("noun.animal", "verb.transitive", "noun.animal|noun.human");
        template("noun.human", "verb.move", "noun.inanimate|noun.breakable");
        template("noun.animal", "verb.move", "noun.inanimate");
    }

    /** The sentence boundary token. */
    public static final String BOUNDARY = ".";
    /** A question of the stories corpus: who did it? */
    static final String WHO = "who", QUESTION = "?";

    private ElmanGrammar() {
    }

    private static void template(String... positions) {
        TEMPLATES.add(List.of(positions));
    }

    /** Category -> its words, in a fixed order. */
    public static Map<String, List<String>> categories() {
        return java.util.Collections.unmodifiableMap(CATEGORIES);
    }

    /** Word -> category ({@code noun.food}, {@code verb.eat}, ...); the boundary {@code "."} is {@code boundary}. */
    public static Map<String, String> categoryOf() {
        Map<String, String> out = new LinkedHashMap<>();
        CATEGORIES.forEach((cat, words) -> words.forEach(w -> out.put(w, cat)));
        out.put(BOUNDARY, "boundary");
        return out;
    }

    /** The templates: per word position, a category or alternatives joined by '|'. */
    public static List<List<String>> templates() {
        return List.copyOf(TEMPLATES);
    }

    /** One sentence (without the boundary): a random template filled with random words of its categories. */
    public static List<String> sentence(SplittableRandom rnd) {
        List<String> t = TEMPLATES.get(rnd.nextInt(TEMPLATES.size()));
        List<String> words = new ArrayList<>(t.size());
        for (String position : t) {
            String[] alternatives = position.split("\\|");
            List<String> pool = CATEGORIES.get(alternatives[rnd.nextInt(alternatives.length)]);
            words.add(pool.get(rnd.nextInt(pool.size())));
        }
        return words;
    }

    /** True when some template produces {@code words} (a sentence without the boundary). */
    public static boolean grammatical(List<String> words) {
        Map<String, String> cat = categoryOf();
        for (List<String> t : TEMPLATES) {
            if (t.size() != words.size()) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < t.size() && ok; i++) {
                ok = List.of(t.get(i).split("\\|")).contains(cat.get(words.get(i)));
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code corpus elman sentences=N seed=S}: a word corpus of the sentences ({@code man eat cookie . dog sleep . ...})
     * with {@link Dataset#tokenCategories()} filled in; the first {@code split} of the sentences train.
     */
    public static Corpus corpus(int sentences, long seed, double split) {
        checkSizes(sentences, split);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<String>> all = new ArrayList<>(sentences);
        for (int i = 0; i < sentences; i++) {
            List<String> words = new ArrayList<>(sentence(rnd));
            words.add(BOUNDARY);
            all.add(words);
        }
        return corpus("elman", "elman sentences=" + sentences + " seed=" + seed, all, split);
    }

    /**
     * {@code corpus stories sentences=N per_story=K seed=S}: the same words and templates, told as stories of K
     * statements about one character (a person or an animal), who is the subject of each, and each statement
     * followed by a question about it: {@code dog chase cat . who chase cat ? dog sleep . who sleep ? ...}
     * (N sentences in all, questions included). Whether one sentence follows another can be told from the text (a
     * question follows a statement and asks about it; the statements of a story share their character), which is
     * what BERT's next-sentence prediction learns; in {@code elman} consecutive sentences are independent.
     */
    public static Corpus stories(int sentences, int perStory, long seed, double split) {
        checkSizes(sentences, split);
        if (perStory < 1) throw new DataException("per_story=" + perStory + " must be at least 1");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> characters = new ArrayList<>(CATEGORIES.get("noun.human"));
        characters.addAll(CATEGORIES.get("noun.animal"));
        Map<String, String> cat = categoryOf();
        List<List<String>> all = new ArrayList<>(sentences);
        String hero = null;
        for (int i = 0; i < sentences; i += 2) {
            if (i / 2 % perStory == 0) hero = characters.get(rnd.nextInt(characters.size()));
            String heroCategory = cat.get(hero);
            List<List<String>> fitting = TEMPLATES.stream().filter(t -> t.get(0).equals(heroCategory)).toList();
            List<String> t = fitting.get(rnd.nextInt(fitting.size()));
            List<String> words = new ArrayList<>(t.size());
            words.add(hero);
            for (String position : t.subList(1, t.size())) {
                String[] alternatives = position.split("\\|");
                List<String> pool = CATEGORIES.get(alternatives[rnd.nextInt(alternatives.length)]);
                words.add(pool.get(rnd.nextInt(pool.size())));
            }
            List<String> question = new ArrayList<>(words);
            question.set(0, WHO);
            question.add(QUESTION);
            words.add(BOUNDARY);
            all.add(words);
            if (i + 1 < sentences) all.add(question);
        }
        return corpus("stories", "stories sentences=" + sentences + " per_story=" + perStory + " seed=" + seed, all, split);
    }

    private static void checkSizes(int sentences, double split) {
        if (sentences < 1) {
            throw new DataException("sentences=" + sentences + " must be at least 1");
        }
        if (!(split > 0 && split <= 1)) {
            throw new DataException("split=" + split + " must be above 0 and at most 1 (the training share, e.g. 0.9)");
        }
    }

    /** A word corpus of the sentences (each with its end token); the first {@code split} of them train. */
    private static Corpus corpus(String name, String source, List<List<String>> sentences, double split) {
        // Split at a sentence boundary: the validation part starts with a whole sentence.
        int n = sentences.size();
        int trainSentences = split >= 1 ? n : Math.max(1, (int) Math.floor(n * split));
        int trainTokens = 0;
        StringBuilder sb = new StringBuilder(n * 20);
        for (int i = 0; i < n; i++) {
            List<String> words = sentences.get(i);
            sb.append(String.join(" ", words)).append('\n');
            if (i < trainSentences) {
                trainTokens += words.size();
            }
        }
        Map<String, String> categories = categoryOf();
        categories.put(WHO, "question");
        categories.put(QUESTION, "boundary");
        return CorpusLoader.fromText(name, source, sb.toString(), TokenKind.WORD, split, 1, categories, trainTokens);
    }
}
