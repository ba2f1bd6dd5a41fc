package org.seqlab.lang.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.diag.SourceSpan;
import org.seqlab.diag.Suggest;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.Value;

/**
 * Checks shared by statements: references to models and data, required values, strings, file
 * names, picture files and one-of-these words. Errors go to the check's {@link Report}.
 */
final class Refs {

    private final Report r;
    private final Scope scope;

    Refs(Report r, Scope scope) {
        this.r = r;
        this.scope = scope;
    }

    /** A named model must exist; an unnamed one means the current model, which must exist. */
    void modelRef(Value.Word model, Statement s) {
        if (model == null) {
            if (scope.current() == null && scope.models().isEmpty()) {
                r.error(keywordSpan(s), s.keyword() + " needs a model, and none is defined yet",
                        "define one first: model lm { embed 64; layer lstm(hidden=128); output softmax }");
            }
            return;
        }
        String name = model.name();
        if (scope.models().containsKey(name)) {
            return;
        }
        if (scope.templates().containsKey(name)) {
            r.error(model.span(), "'" + name + "' is a template; make a model from it first",
                    "e.g. model m = " + name + "()");
            return;
        }
        r.error(model.span(), "undefined model '" + name + "'", Suggest.didYouMean(name, scope.models().keySet()));
    }

    void dataRef(Value data, Statement s, String example) {
        if (data == null) {
            r.error(keywordSpan(s), s.keyword() + " needs data: 'on' and a data name or file", "e.g. " + example);
            return;
        }
        if (data instanceof Value.Word w) {
            String name = w.name();
            if (!scope.data().containsKey(name) && !StatementSpecs.generators().containsKey(name)
                    && !StatementSpecs.CORPUS_GENERATORS.contains(name)) {
                List<String> names = new ArrayList<>(scope.data().keySet());
                String hint = Suggest.didYouMean(name, names);
                r.error(w.span(), "undefined data '" + name + "'", hint != null ? hint
                        : "declare it first, e.g. corpus " + name + " = \"" + name + ".txt\"");
            }
        } else if (data instanceof Value.Num || data instanceof Value.ListV) {
            r.error(data.span(), "expected a data name or a file after 'on', not " + data.text());
        }
    }

    void required(Value v, Statement s, String what, String example) {
        if (v == null) {
            r.error(keywordSpan(s), s.keyword() + " needs " + what, "e.g. " + example);
        }
    }

    void text(Value v, String after) {
        if (v != null && !(v instanceof Value.Str)) {
            r.error(v.span(), "expected a string after '" + after + "', not " + v.text(),
                    "put the text in quotes: \"" + v.text() + "\"");
        }
    }

    void file(Value v, Statement s, String example) {
        if (v == null) {
            r.error(keywordSpan(s), s.keyword() + " needs a file name", "e.g. " + example);
        } else if (ParamType.FILE.problem(v) != null) {
            r.error(v.span(), "expected a file name, not " + v.text(), "e.g. " + example);
        } else {
            path(v);
        }
    }

    /** The path a file name value names, or null when it names none (reported by {@link #file}). */
    static java.nio.file.Path pathOrNull(Value v) {
        String name = v instanceof Value.Str str ? str.value() : v.text();
        try {
            return name.isBlank() || name.indexOf('\0') >= 0 ? null : java.nio.file.Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The path a file name value names, or null after reporting why it names none (a NUL, an empty name). */
    java.nio.file.Path path(Value v) {
        String name = v instanceof Value.Str str ? str.value() : v.text();
        if (name.indexOf('\0') >= 0) {
            r.error(v.span(), "a file name cannot contain a NUL character", "remove the \\0 from the name");
            return null;
        }
        if (name.isBlank()) {
            r.error(v.span(), "the file name is empty");
            return null;
        }
        try {
            return java.nio.file.Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            r.error(v.span(), "'" + name + "' is not a usable file name: " + e.getReason());
            return null;
        }
    }

    void picture(Value v) {
        if (v == null) {
            return;
        }
        if (ParamType.FILE.problem(v) != null) {
            r.error(v.span(), "expected a file name after 'to', not " + v.text());
            return;
        }
        String name = v instanceof Value.Str str ? str.value() : v.text();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!StatementSpecs.PICTURES.contains(ext)) {
            r.error(v.span(), "cannot write a picture as '" + name + "'", "use a .png, .svg or .html file name");
        }
    }

    void choice(Value.Word w, List<String> allowed, String what) {
        if (!allowed.contains(w.name())) {
            String hint = Suggest.didYouMean(w.name(), allowed);
            r.error(w.span(), "unknown " + what + " '" + w.name() + "'", hint != null ? hint
                    : "one of " + String.join(", ", allowed));
        }
    }

    static SourceSpan keywordSpan(Statement s) {
        SourceSpan sp = s.span();
        return new SourceSpan(sp.file(), sp.line(), sp.column(), s.keyword().length());
    }
}
