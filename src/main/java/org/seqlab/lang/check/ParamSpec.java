package org.seqlab.lang.check;

import org.seqlab.diag.SourceSpan;
import org.seqlab.lang.ast.Value;

/**
 * One parameter in a spec table: its name, what it accepts, whether it must be given, its default
 * and one line for :help. The spec tables are the one place a default is written:
 * <ul>
 *   <li>{@link Default#VALUE}: a fixed value ({@code lr} 1e-3); the checker writes it into the checked
 *       arguments when the parameter is not given, and the engine reads it from there;</li>
 *   <li>{@link Default#COMPUTED}: the engine works it out from the model, the data or the session
 *       ({@code clip}: 5 for recurrent models); {@code defaultText} says how, in words, and nothing is written;</li>
 *   <li>{@link Default#INITIAL}: a setting's value when the session starts ({@code set seed=}: 1); the session
 *       reads it from here, and a {@code set} statement carries only what it changes;</li>
 *   <li>{@link Default#NONE}: no default (the parameter is off, or required).</li>
 * </ul>
 */
public record ParamSpec(String name, ParamType type, boolean required, String defaultText, Default kind, String doc) {

    /** How a parameter's default comes about; see the class comment. */
    public enum Default { NONE, VALUE, COMPUTED, INITIAL }

    public ParamSpec {
        if ((kind == Default.VALUE || kind == Default.INITIAL) && type.problem(parse(defaultText, null)) != null) {
            throw new IllegalArgumentException("the default " + defaultText + " of " + name + " is not "
                    + type.describe());
        }
    }

    public static ParamSpec req(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, true, null, Default.NONE, doc);
    }

    /** An optional parameter whose default is {@code defaultText} as a value (null: no default). */
    public static ParamSpec opt(String name, ParamType type, String defaultText, String doc) {
        return new ParamSpec(name, type, false, defaultText, defaultText == null ? Default.NONE : Default.VALUE, doc);
    }

    /** An optional parameter whose default the engine works out, as {@code words} say. */
    public static ParamSpec computed(String name, ParamType type, String words, String doc) {
        return new ParamSpec(name, type, false, words, Default.COMPUTED, doc);
    }

    /** A setting whose value at the start of a session is {@code initial}. */
    public static ParamSpec setting(String name, ParamType type, String initial, String doc) {
        return new ParamSpec(name, type, false, initial, Default.INITIAL, doc);
    }

    /** The same parameter taking another type (a list of them, for compare) and the same default. */
    public ParamSpec withType(ParamType newType) {
        return new ParamSpec(name, newType, required, defaultText, kind, doc);
    }

    /** The same parameter with a default the engine works out. */
    public ParamSpec computed(String words) {
        return new ParamSpec(name, type, required, words, Default.COMPUTED, doc);
    }

    /** The fixed default as a value standing at {@code at} (the statement or layer that lacks it); null when none. */
    public Value defaultValue(SourceSpan at) {
        return kind == Default.VALUE || kind == Default.INITIAL ? parse(defaultText, at) : null;
    }

    /** Spec text as a value: a number or a word (a choice such as {@code adam}, or {@code all}). */
    private static Value parse(String text, SourceSpan at) {
        try {
            return new Value.Num(Double.parseDouble(text), text, at);
        } catch (NumberFormatException notNumber) {
            return new Value.Word(text, at);
        }
    }
}
