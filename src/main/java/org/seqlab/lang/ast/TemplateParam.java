package org.seqlab.lang.ast;

import org.seqlab.diag.SourceSpan;

/** A template parameter: {@code hidden=128} in {@code model char_lstm(hidden=128)}; no default when null. */
public record TemplateParam(String name, Value defaultValue, SourceSpan span) {
}
