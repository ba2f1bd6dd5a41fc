package org.seqlab.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.Scope;
import org.seqlab.lang.check.Spec;
import org.seqlab.lang.check.StatementSpecs;

/**
 * What Tab offers at the cursor, worked out from the text before it: statement keywords at the
 * start of a statement, layer kinds at the start of a model-body item, the parameter names and
 * flags of the layer or statement being typed, choices after {@code name=}, model and data
 * names where a name is expected, and file paths after {@code use}, {@code load}, {@code to} ...
 * No JLine here, so tests can ask directly.
 */
public final class Completions {

    private static final List<String> BODY_WORDS = List.of("layer", "repeat", "encoder", "decoder");
    private static final List<String> RULE_WORDS = List.of("every", "when");

    private final Supplier<Scope> scope;
    private final List<String> commands;

    public Completions(Supplier<Scope> scope, List<String> commands) {
        this.scope = scope;
        this.commands = commands;
    }

    /** The word being completed: the identifier-or-path characters just before the cursor. */
    public static String prefix(String before) {
        String stripped = before.stripLeading();
        if (stripped.startsWith(":") && stripped.chars().noneMatch(Character::isWhitespace)) {
            return stripped;
        }
        int i = before.length();
        while (i > 0 && isWordChar(before.charAt(i - 1))) {
            i--;
        }
        return before.substring(i);
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '~' || c == '-';
    }

    /** Candidates for the text before the cursor, filtered by the prefix being typed. */
    public List<String> complete(String before) {
        String prefix = prefix(before);
        List<String> all = candidates(before, before.substring(0, before.length() - prefix.length()));
        TreeSet<String> out = new TreeSet<>();
        for (String c : all) {
            if (c.startsWith(prefix) || c.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        return new ArrayList<>(out);
    }

    private List<String> candidates(String before, String head) {
        String trimmed = head.stripLeading();
        if (before.stripLeading().startsWith(":")) {
            List<String> words = words(trimmed);
            if (words.size() <= 1 && !head.endsWith(" ")) {
                return commands;
            }
            String cmd = words.get(0);
            if (cmd.startsWith(":h")) {
                return Help.topics();
            }
            if (cmd.startsWith(":ru")) {
                return files(prefix(before));
            }
            return List.of();
        }
        // Where the current statement or body item starts.
        int start = Math.max(Math.max(head.lastIndexOf(';'), head.lastIndexOf('\n')),
                Math.max(head.lastIndexOf('{'), head.lastIndexOf(':')));
        String item = head.substring(start + 1);
        List<String> words = words(item);
        String context = enclosingBlock(head.substring(0, Math.max(0, start + 1)));
        if (item.contains("(") && !item.contains(")")) {
            // Inside `layer lstm(` or a template call: parameters of that kind.
            String inner = item.substring(0, item.lastIndexOf('('));
            List<String> iw = words(inner);
            String kind = iw.isEmpty() ? "" : iw.get(iw.size() - 1);
            return paramsOrChoices(LayerSpecs.get(kind.toLowerCase(Locale.ROOT)).orElse(null), item);
        }
        if (words.isEmpty()) {
            if (context.equals("model")) {
                List<String> out = new ArrayList<>(LayerSpecs.all().keySet());
                out.addAll(BODY_WORDS);
                return out;
            }
            if (context.equals("train")) {
                return RULE_WORDS;
            }
            return new ArrayList<>(StatementSpecs.statements().keySet());
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        String last = words.get(words.size() - 1).toLowerCase(Locale.ROOT);
        if (context.equals("model")) {
            if (first.equals("layer") && words.size() == 1) {
                return new ArrayList<>(new TreeSet<>(LayerSpecs.RECURRENT));
            }
            String kind = first.equals("layer") && words.size() > 1 ? words.get(1) : first;
            return paramsOrChoices(LayerSpecs.get(kind.toLowerCase(Locale.ROOT)).orElse(null), item);
        }
        switch (last) {
            case "on":
                return concat(scope.get().data().keySet(), files(prefix(before)));
            case "with":
                return new ArrayList<>(scope.get().models().keySet());
            case "use":
                return concat(stdlibNames(), files(prefix(before)));
            case "from", "to", "load", "save":
                return files(prefix(before));
            default:
                break;
        }
        if (words.size() == 1) {
            switch (first) {
                case "train", "evaluate", "summary", "compare":
                    return new ArrayList<>(scope.get().models().keySet());
                case "inspect":
                    return new ArrayList<>(StatementSpecs.inspections().keySet());
                case "task":
                    return new ArrayList<>(StatementSpecs.generators().keySet());
                case "export":
                    return StatementSpecs.EXPORTS;
                case "plot":
                    return StatementSpecs.PLOTS;
                default:
                    break;
            }
        }
        if (first.equals("model") && item.contains("=") && words.size() >= 2) {
            return concat(scope.get().templates().keySet(), scope.get().models().keySet());
        }
        Spec spec = first.equals("inspect") && words.size() > 1
                ? StatementSpecs.inspections().get(words.get(1))
                : StatementSpecs.statement(first).orElse(null);
        return paramsOrChoices(spec, item);
    }

    /** After {@code name=}: the choices of that parameter; otherwise parameter names (as name=) and flags. */
    private static List<String> paramsOrChoices(Spec spec, String item) {
        if (spec == null) {
            return List.of();
        }
        String beforeWord = item.substring(0, item.length() - prefix(item).length());
        if (beforeWord.endsWith("=")) {
            String name = prefix(beforeWord.substring(0, beforeWord.length() - 1));
            return spec.param(name).map(p -> p.type().choices()).orElse(List.of());
        }
        List<String> out = new ArrayList<>();
        for (ParamSpec p : spec.params()) {
            out.add(p.name() + "=");
        }
        out.addAll(spec.flags());
        for (String n : spec.positional()) {
            spec.param(n).ifPresent(p -> out.addAll(p.type().choices()));
        }
        return out;
    }

    /** "model" or "train" when the text leaves a block of that statement open, else "". */
    static String enclosingBlock(String text) {
        List<Integer> opens = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                opens.add(i);
            } else if (c == '}' && !opens.isEmpty()) {
                opens.remove(opens.size() - 1);
            }
        }
        if (opens.isEmpty()) {
            return "";
        }
        String upto = text.substring(0, opens.get(0));
        int s = Math.max(Math.max(upto.lastIndexOf(';'), upto.lastIndexOf('\n')), -1);
        List<String> w = words(upto.substring(s + 1));
        String head = w.isEmpty() ? "" : w.get(0).toLowerCase(Locale.ROOT);
        return head.equals("model") ? "model" : head.equals("train") ? "train" : "";
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("[\\s(),=\"]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> stdlibNames() {
        List<String> out = new ArrayList<>();
        String home = System.getProperty("seqlab.home");
        Path dir = Path.of(home == null ? "." : home, "stdlib");
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seq"))
                    .forEach(n -> out.add(n.substring(0, n.length() - 4)));
        } catch (IOException | RuntimeException e) {
            // no stdlib folder: nothing to offer
        }
        return out;
    }

    /** Files and folders matching a typed path prefix ("data/ti" lists data/ entries starting with ti). */
    static List<String> files(String prefix) {
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash >= 0 ? prefix.substring(0, slash + 1) : "";
        Path dir = Path.of(dirPart.isEmpty() ? "." : dirPart.startsWith("~/")
                ? System.getProperty("user.home") + dirPart.substring(1) : dirPart);
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.limit(500).forEach(p -> out.add(dirPart + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException | RuntimeException e) {
            // unreadable or missing folder: nothing to offer
        }
        return out;
    }
}
