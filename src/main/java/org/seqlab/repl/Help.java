package org.seqlab.repl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.diag.Suggest;
import org.seqlab.lang.check.LayerSpecs;
import org.seqlab.lang.check.ParamSpec;
import org.seqlab.lang.check.Spec;
import org.seqlab.lang.check.StatementSpecs;

/**
 * :help texts. General topics come from the resource {@code help.txt}; every statement, layer
 * kind and inspection has an entry made from its spec table (doc line, parameters, example), so
 * help cannot drift from what the checker accepts.
 */
public final class Help {

    private static Map<String, String> prose;

    private Help() {
    }

    private static synchronized Map<String, String> prose() {
        if (prose == null) {
            prose = new LinkedHashMap<>();
            try (InputStream in = Help.class.getResourceAsStream("help.txt")) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String topic = null;
                StringBuilder body = new StringBuilder();
                for (String line : text.split("\n", -1)) {
                    if (line.startsWith("== ")) {
                        if (topic != null) {
                            prose.put(topic, body.toString());
                        }
                        topic = line.substring(3).trim();
                        body.setLength(0);
                    } else {
                        body.append(line).append('\n');
                    }
                }
                if (topic != null) {
                    prose.put(topic, body.toString().stripTrailing() + "\n");
                }
            } catch (IOException | NullPointerException e) {
                prose.put("intro", "seqlab help is missing from this build\n");
            }
        }
        return prose;
    }

    /** Every topic :help knows. */
    public static List<String> topics() {
        List<String> out = new ArrayList<>(prose().keySet());
        out.remove("intro");
        out.addAll(StatementSpecs.statements().keySet());
        LayerSpecs.all().keySet().stream().filter(k -> !out.contains(k)).forEach(out::add);
        StatementSpecs.inspections().keySet().stream().filter(k -> !out.contains(k)).forEach(out::add);
        return out;
    }

    /** The text for {@code topic} (null or blank: the introduction). */
    public static String text(String topic) {
        if (topic == null || topic.isBlank()) {
            return prose().get("intro");
        }
        String t = topic.trim().replaceFirst("^:", "");
        StringBuilder out = new StringBuilder(prose().getOrDefault(t, ""));
        StatementSpecs.statement(t).ifPresent(s -> out.append(entry("statement", s)));
        LayerSpecs.get(t).ifPresent(s -> out.append(out.length() > 0 ? "\n" : "").append(entry("layer", s)));
        if (t.equals("inspect")) {
            out.append(inspections());
        }
        Spec insp = StatementSpecs.inspections().get(t);
        if (insp != null) {
            out.append(out.length() > 0 ? "\n" : "").append(entry("inspect", insp));
        }
        if (out.length() == 0) {
            String hint = Suggest.didYouMean(t, topics());
            return "no help on '" + t + "'" + (hint != null ? "; " + hint : "") + "\n:help lists the topics\n";
        }
        return out.toString();
    }

    /** Under {@code :help inspect}: every inspection with its parameters (":help gates" has its example). */
    private static String inspections() {
        StringBuilder out = new StringBuilder("inspections (:help NAME for one, with an example):\n");
        StatementSpecs.inspections().forEach((name, s) -> {
            out.append(String.format("  %-12s %s%n", name, s.doc()));
            List<String> params = new ArrayList<>();
            s.params().forEach(p -> params.add(p.name() + "=" + (p.defaultText() != null ? p.defaultText() : "")));
            params.addAll(s.flags());
            if (!params.isEmpty()) {
                out.append(String.format("  %-12s %s%n", "", String.join(" ", params)));
            }
        });
        return out.toString();
    }

    private static String entry(String what, Spec s) {
        StringBuilder out = new StringBuilder();
        String title = what.equals("inspect") ? "inspect " + s.name() : s.name();
        out.append(title).append(" (").append(what.equals("inspect") ? "inspection" : what).append("): ")
                .append(s.doc()).append('\n');
        if (!s.params().isEmpty()) {
            out.append("parameters:\n");
            for (ParamSpec p : s.params()) {
                out.append(String.format("  %-16s %s; %s%s%n", p.name() + "=", p.type().describe(), p.doc(),
                        p.required() ? " (required)" : switch (p.kind()) {
                            case VALUE, COMPUTED -> " (default " + p.defaultText() + ")";
                            case INITIAL -> " (a session starts with " + p.defaultText() + ")";
                            case NONE -> "";
                        }));
            }
        }
        if (!s.flags().isEmpty()) {
            out.append("flags: ").append(String.join(", ", s.flags())).append('\n');
        }
        if (!s.positional().isEmpty()) {
            out.append("written without a name: ").append(String.join(", ", s.positional())).append('\n');
        }
        out.append("example:\n  ").append(what.equals("layer") ? "model m { " + s.example() + " }" : s.example())
                .append('\n');
        return out.toString();
    }
}
