package org.seqlab.lang;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.lang.ast.Args;
import org.seqlab.lang.ast.Statement;
import org.seqlab.lang.ast.TrainRule;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.run.Engine;
import org.seqlab.lang.run.RunFailure;
import org.seqlab.session.Workspace;

/**
 * An engine for tests: prints each statement it receives in a fixed, normalised form, so .seq
 * test files can say what reached the engine (`# expect: train lm on text epochs=3`). A sample
 * whose prompt is "FAIL" fails, to test that failures change nothing.
 */
public final class RecordingEngine implements Engine {

    private static String v(Value x) {
        return x == null ? "-" : x.text();
    }

    private static String w(Value.Word x) {
        return x == null ? "(current)" : x.name();
    }

    private static String opts(Args a) {
        String s = a.toString();
        return s.isEmpty() ? "" : " " + s;
    }

    @Override
    public void declareData(Statement.DataDecl s, Workspace ws, PrintStream out) {
        out.println(s.kind().word() + " " + s.name().name() + (s.source() == null ? "" : " = " + v(s.source()))
                + opts(s.opts()));
    }

    @Override
    public void train(Statement.Train s, Workspace ws, PrintStream out) {
        List<String> rules = new ArrayList<>();
        for (TrainRule r : s.rules()) {
            if (r instanceof TrainRule.Every e) {
                rules.add("every " + v(e.count()) + " " + e.unit().name() + ": " + e.action().keyword());
            } else if (r instanceof TrainRule.When wh) {
                rules.add("when " + wh.metric().name() + " " + wh.op() + " " + v(wh.threshold()) + ": "
                        + wh.action().keyword());
            }
        }
        out.println("train " + w(s.model()) + " on " + v(s.data()) + opts(s.opts())
                + (rules.isEmpty() ? "" : " {" + String.join("; ", rules) + "}"));
    }

    @Override
    public void evaluate(Statement.Evaluate s, Workspace ws, PrintStream out) {
        out.println("evaluate " + w(s.model()) + " on " + v(s.data()) + opts(s.opts()));
    }

    @Override
    public void compare(Statement.Compare s, Workspace ws, PrintStream out) {
        out.println("compare " + String.join(",", s.models().stream().map(Value.Word::name).toList()) + " on "
                + (s.task() != null ? "task " + s.task().name() : v(s.data())) + opts(s.opts()));
    }

    @Override
    public void sample(Statement.Sample s, Workspace ws, PrintStream out) {
        if (s.prompt() instanceof Value.Str p && p.value().equals("FAIL")) {
            throw RunFailure.at(s.span(), "sampling failed on purpose");
        }
        out.println("sample " + v(s.length()) + " from " + v(s.prompt()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void translate(Statement.Translate s, Workspace ws, PrintStream out) {
        out.println("translate " + v(s.text()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void inspect(Statement.Inspect s, Workspace ws, PrintStream out) {
        out.println("inspect " + s.kind().name() + " on " + v(s.text()) + " nearest " + v(s.query()) + " to "
                + v(s.output()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void fill(Statement.Fill s, Workspace ws, PrintStream out) {
        out.println("fill " + v(s.text()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void classify(Statement.Classify s, Workspace ws, PrintStream out) {
        out.println("classify " + v(s.text()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void forecast(Statement.Forecast s, Workspace ws, PrintStream out) {
        out.println("forecast " + v(s.data()) + " to " + v(s.output()) + " with " + w(s.model()) + opts(s.opts()));
    }

    @Override
    public void vectors(Statement.Vectors s, Workspace ws, PrintStream out) {
        out.println("vectors " + s.name().name() + " = " + s.method().name() + " of " + v(s.source()) + opts(s.opts()));
    }

    @Override
    public void similarity(Statement.Similarity s, Workspace ws, PrintStream out) {
        out.println("similarity " + v(s.a()) + " " + v(s.b()) + opts(s.opts()));
    }

    @Override
    public void analogy(Statement.Analogy s, Workspace ws, PrintStream out) {
        StringBuilder b = new StringBuilder("analogy");
        for (Statement.Term t : s.terms()) {
            b.append(' ').append(t.positive() ? "+" : "-").append(v(t.word()));
        }
        out.println(b + opts(s.opts()));
    }

    @Override
    public void plot(Statement.Plot s, Workspace ws, PrintStream out) {
        out.println("plot " + s.what().name() + " to " + v(s.output()) + opts(s.opts()));
    }

    @Override
    public void save(Statement.Save s, Workspace ws, PrintStream out) {
        out.println("save " + v(s.file()) + " with " + w(s.model()));
    }

    @Override
    public void load(Statement.Load s, Workspace ws, PrintStream out) {
        out.println("load " + v(s.file()) + opts(s.opts()));
    }

    @Override
    public void export(Statement.Export s, Workspace ws, PrintStream out) {
        out.println("export " + s.format().name() + " " + v(s.file()) + " with " + w(s.model()));
    }
}
