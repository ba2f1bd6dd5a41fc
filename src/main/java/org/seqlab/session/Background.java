package org.seqlab.session;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.seqlab.diag.Diagnosed;
import org.seqlab.diag.DiagnosticException;
import org.seqlab.diag.DiagnosticFormatter;
import org.seqlab.diag.InternalFailure;
import org.seqlab.lang.ast.Statement;
import org.seqlab.train.StepReport;

/**
 * Training beside the prompt (the interactive REPL): a {@code train} statement is made ready on the
 * prompt's thread (so its errors come at once and the workspace commits the model's session), then
 * runs on a training thread that updates that session in place. While it runs:
 * <ul>
 * <li>definitions of other models, data declarations and {@code use} run at once on the prompt's thread;
 * <li>a second {@code train}, redefining the training model and {@code load} are refused;
 * <li>every other statement (inspections, sample, evaluate, save, set ...) is queued with the rest of its
 *     entry and run by the training thread at the next step boundary, so it sees the weights of one step
 *     and never races with an update; the carried recurrent state is put back after it, so the run goes
 *     on exactly as if it had not been asked;
 * <li>statements after the {@code train} in the same entry run when the run ends, in order.
 * </ul>
 * {@link #pause()} holds the training thread at the next boundary, where it keeps serving the queue;
 * {@link #resume()} lets it go on; {@link #stop()} ends the run at the next boundary with its weights.
 * Output of the training thread goes to {@code out}/{@code err}, which the REPL prints above its prompt;
 * the live progress line, and what pausing, resuming and stopping are doing, go to the {@link StatusLine}.
 */
public final class Background {
    private final JobHost host;
    private final PrintStream out;
    private final PrintStream err;
    private final StatusLine status;
    private final Object lock = new Object();
    private Job job;
    private LongConsumer probe = step -> { };

    /** One run on its thread; its fields are guarded by {@link #lock}. */
    private static final class Job {
        final String model;
        final AtomicBoolean stop = new AtomicBoolean();
        final Deque<List<Statement>> atBoundary = new ArrayDeque<>();
        final List<Statement> afterRun = new ArrayList<>();
        boolean paused;
        boolean holding;
        boolean serving;
        boolean finished;

        Job(String model) {
            this.model = model;
        }
    }

    /** Jobs of {@code host}'s statements; the interpreter makes one when it is asked to train in the background. */
    public Background(JobHost host, PrintStream out, PrintStream err, StatusLine status) {
        this.host = host;
        this.out = out;
        this.err = err;
        this.status = status;
    }

    /** For tests: called on the training thread at every step boundary with the model's step, before pausing. */
    public void probe(LongConsumer p) {
        probe = p;
    }

    /** Whether a run is going (or paused). */
    public boolean running() {
        synchronized (lock) {
            return job != null && !job.finished;
        }
    }

    public String pause() {
        synchronized (lock) {
            if (!running()) return "nothing is training";
            if (job.paused) return job.model + " is already paused: :resume or :stop";
            job.paused = true;
            return told("pausing " + job.model + " at the next step boundary");
        }
    }

    public String resume() {
        synchronized (lock) {
            if (!running()) return "nothing is training";
            if (!job.paused) return job.model + " is not paused";
            job.paused = false;
            lock.notifyAll();
            return told("resuming " + job.model);
        }
    }

    public String stop() {
        synchronized (lock) {
            if (!running()) return "nothing is training";
            job.stop.set(true);
            job.paused = false;
            lock.notifyAll();
            return told("stopping " + job.model + " at the next step boundary");
        }
    }

    /** The answer to a command, also put on the status line until the run's next progress replaces it. */
    private String told(String what) {
        status.show(what);
        return what;
    }

    /** Waits until no run is going (nor one started by statements queued after it); false on timeout. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (job != null && !(job.finished && !job.serving)) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Waits until the run is held by a pause with nothing left to serve; false on timeout or if it ended. */
    public boolean awaitHeld(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (running() && !(job.holding && job.atBoundary.isEmpty() && !job.serving)) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return running();
        }
    }

    /**
     * Called by the interpreter before it runs {@code entry.get(0)}: true when this took it (and the
     * rest of the entry) to run later or to start a run; false to run it now. Throws when refused.
     */
    public boolean takes(List<Statement> entry, PrintStream to) {
        Statement s = entry.get(0);
        synchronized (lock) {
            if (running()) {
                String busy = job.model + " is training; :stop it first";
                if (s instanceof Statement.Train || s instanceof Statement.Load
                        || s instanceof Statement.ModelDef d && d.name().name().equals(job.model)) {
                    throw DiagnosticException.at(s.span(), busy);
                }
                if (s instanceof Statement.Stop) {
                    to.println(stop());
                    if (entry.size() > 1) job.atBoundary.add(List.copyOf(entry.subList(1, entry.size())));
                    return true;
                }
                if (s instanceof Statement.ModelDef || s instanceof Statement.DataDecl || s instanceof Statement.Use) {
                    return false;
                }
                job.atBoundary.add(List.copyOf(entry));
                lock.notifyAll();
                return true;
            }
        }
        return s instanceof Statement.Train t && start(t, entry.subList(1, entry.size()), to);
    }

    /** Makes the run ready on the prompt's thread (errors surface here), then starts its thread. */
    private boolean start(Statement.Train t, List<Statement> rest, PrintStream to) {
        TrainingJob run = host.prepare(t, to);
        if (run == null) return false;
        Job j = new Job(run.model());
        j.afterRun.addAll(rest);
        synchronized (lock) {
            job = j;
        }
        Thread thread = new Thread(() -> train(j, run), "seqlab-train-" + run.model());
        thread.setDaemon(true);
        to.println("training " + run.model() + " in the background: :pause, :resume, :stop, or Ctrl-C");
        thread.start();
        return true;
    }

    /** The training thread. */
    private void train(Job j, TrainingJob run) {
        try {
            run.run(out, status, r -> boundary(j, r), j.stop);
        } catch (RuntimeException | Error e) {
            err.print(DiagnosticFormatter.format(e instanceof Diagnosed d ? d.diagnostics()
                    : List.of(InternalFailure.of(run.span(), "training " + run.model(), e))));
        }
        status.clear();
        List<List<Statement>> left = new ArrayList<>();
        synchronized (lock) {
            j.finished = true;
            j.serving = true;
            left.addAll(j.atBoundary);
            j.atBoundary.clear();
            lock.notifyAll();
        }
        try {
            left.forEach(this::serveLater);
            if (!j.afterRun.isEmpty()) serveLater(j.afterRun);
        } finally {
            synchronized (lock) {
                j.serving = false;
                lock.notifyAll();
            }
            out.flush();
            err.flush();
        }
    }

    /** At a step boundary: serve what was asked, and hold here while paused (serving still). */
    private boolean boundary(Job j, StepReport r) {
        probe.accept(r.step());
        boolean told = false;
        while (true) {
            List<Statement> next;
            synchronized (lock) {
                next = j.atBoundary.poll();
                boolean hold = next == null && j.paused && !j.stop.get();
                if (next == null && !hold) {
                    return false;
                }
                if (hold && told) {
                    j.holding = true;
                    lock.notifyAll();
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        j.stop.set(true);
                        Thread.currentThread().interrupt();
                    }
                    j.holding = false;
                    continue;
                }
                j.serving = next != null;
            }
            if (next == null) {
                String paused = "paused " + j.model + " at step " + r.step();
                status.show(paused + " (:resume or :stop)");
                out.println(paused + ": inspect away, then :resume or :stop");
                out.flush();
                told = true;
                continue;
            }
            serveNow(next);
            synchronized (lock) {
                j.serving = false;
                lock.notifyAll();
            }
        }
    }

    /** Queued statements during the run: straight to the interpreter, one by one, stopping at a failure. */
    private void serveNow(List<Statement> entry) {
        try {
            for (Statement s : entry) host.runNow(s, out);
        } catch (RuntimeException e) {
            report(e);
        }
        out.flush();
    }

    /** Statements left when the run ended: run as if typed now (a train among them starts a new run). */
    private void serveLater(List<Statement> entry) {
        try {
            host.runLater(entry, out);
        } catch (RuntimeException e) {
            report(e);
        }
        out.flush();
    }

    /** A statement's failure, printed as its diagnostics; anything else is not a statement's failure and goes on up. */
    private void report(RuntimeException e) {
        if (!(e instanceof Diagnosed d)) throw e;
        err.print(DiagnosticFormatter.format(d.diagnostics()));
    }
}
