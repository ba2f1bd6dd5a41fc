package org.seqlab.lang.ast;

import java.util.List;
import org.seqlab.diag.SourceSpan;

/**
 * A statement of the language. Structural parts (which model, which data, the prompt, the file)
 * are fields; everything else is in {@code opts}, checked against the statement's spec table.
 * A positional value the parser could not place stays in {@code opts} without a name, and the
 * checker reports it. Passes are {@link Visitor}s; a new pass never edits these records.
 * A null field means "not written" (e.g. {@code train on x} names no model: the current one).
 */
public sealed interface Statement {

    SourceSpan span();

    /** The statement's keyword, for messages and :help. */
    String keyword();

    <R> R accept(Visitor<R> v);

    interface Visitor<R> {
        R visitModelDef(ModelDef s);
        R visitModelAlias(ModelAlias s);
        R visitDataDecl(DataDecl s);
        R visitUse(Use s);
        R visitTrain(Train s);
        R visitEvaluate(Evaluate s);
        R visitCompare(Compare s);
        R visitSample(Sample s);
        R visitTranslate(Translate s);
        R visitInspect(Inspect s);
        R visitSimilarity(Similarity s);
        R visitAnalogy(Analogy s);
        R visitPlot(Plot s);
        R visitSummary(Summary s);
        R visitSave(Save s);
        R visitLoad(Load s);
        R visitExport(Export s);
        R visitSet(SetStmt s);
        R visitStop(Stop s);
        R visitUnknown(Unknown s);
        R visitFill(Fill s);
        R visitClassify(Classify s);
        R visitForecast(Forecast s);
        R visitVectors(Vectors s);
    }

    /** {@code model lm { ... }} or a template {@code model char_lstm(hidden=128) { ... }}. */
    record ModelDef(Value.Word name, List<TemplateParam> params, boolean template, List<ModelItem> body, SourceSpan span)
            implements Statement {
        public ModelDef {
            params = List.copyOf(params);
            body = List.copyOf(body);
        }
        public String keyword() { return "model"; }
        public <R> R accept(Visitor<R> v) { return v.visitModelDef(this); }
    }

    /** {@code model big = char_lstm(hidden=512)}: a template instance, or a copy of a model. */
    record ModelAlias(Value.Word name, Value.Word target, Args args, SourceSpan span) implements Statement {
        public String keyword() { return "model"; }
        public <R> R accept(Visitor<R> v) { return v.visitModelAlias(this); }
    }

    /** The word a data declaration starts with. */
    enum DataDeclKind {
        CORPUS, TASK, DATA, SERIES;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code corpus shakespeare = "data/x.txt" tokens=char}, {@code corpus elman sentences=5000},
     * {@code task copy length=20}, {@code data reviews = "r.tsv" format=labeled}, {@code series ...}.
     * Without a source the name is a built-in generator (elman, copy, adding ...).
     */
    record DataDecl(DataDeclKind kind, Value.Word name, Value source, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return kind.word(); }
        public <R> R accept(Visitor<R> v) { return v.visitDataDecl(this); }
    }

    /** {@code use "stdlib/gpt.seq"} or {@code use gpt}. */
    record Use(Value target, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "use"; }
        public <R> R accept(Visitor<R> v) { return v.visitUse(this); }
    }

    /** {@code train lm on shakespeare epochs=3 { every 200 steps: ...; when val_loss < 1.6: stop }}. */
    record Train(Value.Word model, Value data, Args opts, List<TrainRule> rules, SourceSpan span)
            implements Statement {
        public Train {
            rules = List.copyOf(rules);
        }
        public String keyword() { return "train"; }
        public <R> R accept(Visitor<R> v) { return v.visitTrain(this); }
    }

    record Evaluate(Value.Word model, Value data, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "evaluate"; }
        public <R> R accept(Visitor<R> v) { return v.visitEvaluate(this); }
    }

    /**
     * {@code compare srn, lstm, gru on task adding length=10,20,50 epochs=3}: each candidate is a
     * model name or a recurrent layer kind. Either {@code task} (an inline built-in task) or
     * {@code data} (a declared data name or path) is set. {@code output} ({@code to "x.png"}) may be null.
     */
    record Compare(List<Value.Word> models, Value.Word task, Value data, Value output, Args opts, SourceSpan span)
            implements Statement {
        public Compare {
            models = List.copyOf(models);
        }
        public String keyword() { return "compare"; }
        public <R> R accept(Visitor<R> v) { return v.visitCompare(this); }
    }

    /** {@code sample 300 from "ROMEO:" temperature=0.8 [with lm]}; length may be null (default). */
    record Sample(Value length, Value prompt, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "sample"; }
        public <R> R accept(Visitor<R> v) { return v.visitSample(this); }
    }

    /** {@code translate "a b c d" with translator}. */
    record Translate(Value text, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "translate"; }
        public <R> R accept(Visitor<R> v) { return v.visitTranslate(this); }
    }

    /**
     * {@code inspect attention layer=2 head=3 on "text" [to "attn.png"] [with lm]},
     * {@code inspect embedding nearest "king" k=5}.
     */
    record Inspect(Value.Word kind, Value text, Value query, Value output, Value.Word model, Args opts,
                   SourceSpan span) implements Statement {
        public String keyword() { return "inspect"; }
        public <R> R accept(Visitor<R> v) { return v.visitInspect(this); }
    }

    /** {@code similarity "cat" "dog"}. */
    record Similarity(Value a, Value b, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "similarity"; }
        public <R> R accept(Visitor<R> v) { return v.visitSimilarity(this); }
    }

    /** One term of an analogy; the first term is always positive. */
    record Term(boolean positive, Value word, SourceSpan span) {
    }

    /** {@code analogy "king" - "man" + "woman"}. */
    record Analogy(List<Term> terms, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public Analogy {
            terms = List.copyOf(terms);
        }
        public String keyword() { return "analogy"; }
        public <R> R accept(Visitor<R> v) { return v.visitAnalogy(this); }
    }

    /** {@code plot loss to "loss.png"}. */
    record Plot(Value.Word what, Value output, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "plot"; }
        public <R> R accept(Visitor<R> v) { return v.visitPlot(this); }
    }

    /** {@code summary [model]}. */
    record Summary(Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "summary"; }
        public <R> R accept(Visitor<R> v) { return v.visitSummary(this); }
    }

    /** {@code save "lm.safetensors" [with lm]} or {@code save lm to "lm.safetensors"}. */
    record Save(Value file, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "save"; }
        public <R> R accept(Visitor<R> v) { return v.visitSave(this); }
    }

    /** {@code load "lm.safetensors"}. */
    record Load(Value file, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "load"; }
        public <R> R accept(Visitor<R> v) { return v.visitLoad(this); }
    }

    /** {@code export pytorch "lm.py" [with lm]}. */
    record Export(Value.Word format, Value file, Value.Word model, Args opts, SourceSpan span)
            implements Statement {
        public String keyword() { return "export"; }
        public <R> R accept(Visitor<R> v) { return v.visitExport(this); }
    }

    /** {@code set seed=42 threads=2}. */
    record SetStmt(Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "set"; }
        public <R> R accept(Visitor<R> v) { return v.visitSet(this); }
    }

    /** {@code stop}: the action of a {@code when} rule inside a train block. */
    record Stop(Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "stop"; }
        public <R> R accept(Visitor<R> v) { return v.visitStop(this); }
    }

    /** A statement whose keyword seqlab does not know; the checker says so (with did-you-mean). */
    record Unknown(Value.Word head, Args opts, boolean hasBlock, SourceSpan span) implements Statement {
        public String keyword() { return head.name(); }
        public <R> R accept(Visitor<R> v) { return v.visitUnknown(this); }
    }

    /** {@code fill "the boy <mask> the cookie" with bert k=5}: a masked LM's top k for each {@code <mask>}. */
    record Fill(Value text, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "fill"; }
        public <R> R accept(Visitor<R> v) { return v.visitFill(this); }
    }

    /** {@code classify "what a great film" with sentiment}: a many-to-one model's class probabilities. */
    record Classify(Value text, Value.Word model, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "classify"; }
        public <R> R accept(Visitor<R> v) { return v.visitClassify(this); }
    }

    /** {@code forecast prices steps=30 [to "f.png"] [with m]}: a series model, predicted vs actual on the held-out tail. */
    record Forecast(Value.Word data, Value.Word model, Value output, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "forecast"; }
        public <R> R accept(Visitor<R> v) { return v.visitForecast(this); }
    }

    /**
     * {@code vectors cooc = counts of elman window=2 ppmi dim=20}: count-based word vectors named {@code name},
     * made by {@code method} (counts) from the corpus {@code source}.
     */
    record Vectors(Value.Word name, Value.Word method, Value source, Args opts, SourceSpan span) implements Statement {
        public String keyword() { return "vectors"; }
        public <R> R accept(Visitor<R> v) { return v.visitVectors(this); }
    }
}
