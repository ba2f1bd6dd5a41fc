package org.seqlab.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A course lesson ({@code scripts/course/NN_name.seq}) as a Jupyter notebook, so that the lesson file stays the one
 * source: its opening comment block becomes a markdown cell (the first line a heading), each group of statements
 * between blank lines a code cell, a comment block standing alone between them a markdown cell, and the closing
 * comment block ("What to look at") the last markdown cell. Lines indented inside a comment (a command to type)
 * become a code block. A code cell whose comment says "on purpose" is tagged {@code raises-exception}: it shows an
 * error the lesson means to show. {@link #json} writes the notebook without outputs; executing it with the kernel
 * ({@code notebooks/execute.py}) adds them. A quoted file name the lesson reads beside itself ({@code "data/x.tsv"})
 * is written relative to the notebook instead, since a notebook's kernel runs in the notebook's folder.
 */
public final class LessonNotebook {

    /** One cell: "markdown" or "code", its source text (lines joined by newlines, no trailing newline), its tags. */
    public record Cell(String type, String source, List<String> tags) {
    }

    private LessonNotebook() {
    }

    /**
     * The cells of a lesson at {@code lessonFile} for a notebook at {@code notebookFile}: as {@link #cells(String)},
     * with every quoted name of a file beside the lesson rewritten relative to the notebook's folder.
     */
    public static List<Cell> cells(String lesson, Path lessonFile, Path notebookFile) {
        Path from = lessonFile.toAbsolutePath().normalize().getParent(), to = notebookFile.toAbsolutePath().normalize().getParent();
        List<Cell> out = new ArrayList<>();
        for (Cell c : cells(lesson)) {
            if (!c.type().equals("code") || from == null || to == null) {
                out.add(c);
                continue;
            }
            Matcher m = QUOTED.matcher(c.source());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1), replaced = name;
                try {
                    Path p = from.resolve(name);
                    if (!Path.of(name).isAbsolute() && Files.isRegularFile(p)) {
                        replaced = to.relativize(p.normalize()).toString().replace('\\', '/');
                    }
                } catch (InvalidPathException e) {
                    // not a file name
                }
                m.appendReplacement(sb, Matcher.quoteReplacement("\"" + replaced + "\""));
            }
            m.appendTail(sb);
            out.add(new Cell(c.type(), sb.toString(), c.tags()));
        }
        return out;
    }

    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\\n]+)\"");

    /** The cells of a lesson's text, in order. */
    public static List<Cell> cells(String lesson) {
        List<String> lines = new ArrayList<>(List.of(lesson.replace("\r\n", "\n").split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        List<Cell> out = new ArrayList<>();
        int start = 0;
        while (start < lines.size() && isComment(lines.get(start))) start++;
        if (start > 0) out.add(markdown(lines.subList(0, start), true));
        int end = lines.size();
        while (end > start && isComment(lines.get(end - 1))) end--;
        List<String> group = new ArrayList<>();
        for (int i = start; i <= end; i++) {
            if (i == end || lines.get(i).isBlank()) {
                if (!group.isEmpty()) {
                    out.add(group.stream().allMatch(LessonNotebook::isComment) ? markdown(group, false) : code(group));
                    group = new ArrayList<>();
                }
            } else {
                group.add(lines.get(i));
            }
        }
        if (end < lines.size()) out.add(markdown(lines.subList(end, lines.size()), false));
        return out;
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    private static Cell code(List<String> lines) {
        boolean failsOnPurpose = lines.stream().anyMatch(l -> l.contains("#") && l.substring(l.indexOf('#')).contains("on purpose"));
        return new Cell("code", String.join("\n", lines), failsOnPurpose ? List.of("raises-exception") : List.of());
    }

    /** Comment lines as markdown: "#" and one space taken off, blank comments as paragraph breaks, indented lines as code. */
    private static Cell markdown(List<String> comments, boolean heading) {
        List<String> md = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < comments.size(); i++) {
            String text = comments.get(i).stripLeading().substring(1);
            if (text.startsWith(" ")) text = text.substring(1);
            boolean indented = text.startsWith(" ") && !text.isBlank();
            if (indented && !inCode) {
                if (!md.isEmpty() && !md.get(md.size() - 1).isEmpty()) md.add("");
                md.add("```");
                inCode = true;
            } else if (!indented && inCode) {
                md.add("```");
                inCode = false;
                if (!text.isBlank()) md.add("");
            }
            md.add(indented ? text.strip() : heading && i == 0 ? "# " + text : text);
        }
        if (inCode) md.add("```");
        return new Cell("markdown", String.join("\n", md), List.of());
    }

    /** The notebook (nbformat 4.5) for a lesson: its cells without outputs, ids from the lesson's file name. */
    public static String json(String name, String lesson) {
        return json(name, cells(lesson));
    }

    /** The notebook for the lesson at {@code lessonFile}, to be written at {@code notebookFile}. */
    public static String json(String lesson, Path lessonFile, Path notebookFile) {
        String name = lessonFile.getFileName().toString().replaceFirst("\\.seq$", "");
        return json(name, cells(lesson, lessonFile, notebookFile));
    }

    private static String json(String name, List<Cell> lessonCells) {
        JsonObject nb = new JsonObject();
        JsonArray cells = new JsonArray();
        int n = 0;
        for (Cell c : lessonCells) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", c.type());
            if (c.type().equals("code")) cell.add("execution_count", null);
            cell.addProperty("id", String.format(Locale.ROOT, "%s-%02d", name.replaceAll("[^A-Za-z0-9_-]", "-"), ++n));
            JsonObject meta = new JsonObject();
            if (!c.tags().isEmpty()) {
                JsonArray tags = new JsonArray();
                c.tags().forEach(tags::add);
                meta.add("tags", tags);
            }
            cell.add("metadata", meta);
            if (c.type().equals("code")) cell.add("outputs", new JsonArray());
            cell.add("source", sourceLines(c.source()));
            cells.add(cell);
        }
        nb.add("cells", cells);
        Map<String, Object> kernelspec = new LinkedHashMap<>();
        kernelspec.put("display_name", "seqlab");
        kernelspec.put("language", "seqlab");
        kernelspec.put("name", "seqlab");
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("file_extension", ".seq");
        language.put("mimetype", "text/x-seqlab");
        language.put("name", "seqlab");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kernelspec", kernelspec);
        metadata.put("language_info", language);
        var gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        nb.add("metadata", gson.toJsonTree(metadata));
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return gson.toJson(nb) + "\n";
    }

    /** Notebook source: a list of lines, each but the last ending in a newline. */
    static JsonArray sourceLines(String text) {
        JsonArray a = new JsonArray();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) a.add(i < lines.length - 1 ? lines[i] + "\n" : lines[i]);
        return a;
    }
}
