package org.seqlab.backend.cuda;

import java.util.Locale;
import java.util.Random;
import org.seqlab.backend.Backend;
import org.seqlab.backend.Backends;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Lstm;
import org.seqlab.nn.Model;
import org.seqlab.nn.SoftmaxOutput;
import org.seqlab.train.TbpttStep;
import org.seqlab.train.optim.Adam;

/**
 * Training throughput of a char-LSTM on a backend, for side-by-side runs with tools/cuda/bench_torch_rnn.py
 * (same configuration, random tokens: speed does not depend on the text). Not a test: run it with
 * {@code java ... org.seqlab.backend.cuda.GpuBench --backend cuda --hidden 128 --batch 50 --seq 50}.
 * Each step ends with the loss copied to the host, so the GPU's work is inside the timing.
 * Prints one JSON line: backend, config, tokens_per_s, ms_per_step, first and last loss.
 */
public final class GpuBench {
    private GpuBench() {}

    public static void main(String[] args) {
        String backend = "cuda";
        int vocab = 65, embed = 64, hidden = 128, layers = 2, batch = 50, seq = 50, steps = 60, warmup = 5, threads = 1;
        for (int i = 0; i < args.length; i++) {
            String v = args[++i];
            switch (args[i - 1]) {
                case "--backend" -> backend = v;
                case "--vocab" -> vocab = Integer.parseInt(v);
                case "--embed" -> embed = Integer.parseInt(v);
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--layers" -> layers = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seq" -> seq = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        Backends.Choice choice = Backends.select(backend, threads);
        if (choice.note() != null) System.err.println(choice.note());
        Backend be = choice.backend();
        Random rnd = new Random(1234);
        Model m = new Model(be).input("embed", new Embedding(be, vocab, embed, false, rnd))
                .add("rnn", new Lstm(be, embed, hidden, layers, false, 0f, 0f, rnd))
                .output("out", new SoftmaxOutput(be, hidden, vocab, SoftmaxOutput.DEFAULT_IGNORE, rnd));
        TbpttStep step = new TbpttStep(m, new Adam(be, m.params(), 2e-3f), TbpttStep.Clip.NORM, 5f);
        int[] in = new int[seq * batch], tg = new int[seq * batch];
        Random data = new Random(7);
        double first = 0, last = 0;
        long t0 = 0;
        for (int s = 0; s < steps; s++) {
            if (s == warmup) t0 = System.nanoTime();
            for (int i = 0; i < in.length; i++) {
                in[i] = data.nextInt(vocab);
                tg[i] = (in[i] * 7 + 3) % vocab;  // a learnable mapping, so the loss must fall
            }
            last = step.step(in, tg, 0, seq, batch);
            if (s == 0) first = last;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int timed = steps - warmup;
        System.out.printf(Locale.ROOT, "{\"backend\": \"%s\", \"device\": \"%s\", \"embed\": %d, \"hidden\": %d, \"layers\": %d, "
                        + "\"batch\": %d, \"seq\": %d, \"steps\": %d, \"tokens_per_s\": %.0f, \"ms_per_step\": %.3f, "
                        + "\"first_loss\": %.4f, \"last_loss\": %.4f}%n",
                be.name(), be.name().equals("cuda") ? be.toString().replace('"', '\'') : "cpu", embed, hidden, layers, batch, seq, steps,
                (double) timed * seq * batch / seconds, seconds * 1000 / timed, first, last);
    }
}
