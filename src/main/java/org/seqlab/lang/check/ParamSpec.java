package org.seqlab.lang.check;

/**
 * One parameter in a spec table: its name, what it accepts, whether it must be given, its
 * default (as written in docs, null when none) and one line for :help.
 */
public record ParamSpec(String name, ParamType type, boolean required, String defaultText, String doc) {

    public static ParamSpec req(String name, ParamType type, String doc) {
        return new ParamSpec(name, type, true, null, doc);
    }

    public static ParamSpec opt(String name, ParamType type, String defaultText, String doc) {
        return new ParamSpec(name, type, false, defaultText, doc);
    }
}
