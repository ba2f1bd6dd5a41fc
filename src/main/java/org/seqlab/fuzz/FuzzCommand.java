package org.seqlab.fuzz;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seqlab fuzz [--count N] [--seed S] [--max-size CHARS] [--checkpoints PERCENT] [--root DIR]}: the
 * fuzz test's generator and checks, for as long a run as one wants. Prints progress every 10,000 inputs,
 * each finding, and a summary line; exit 0 when nothing broke a promise, 70 when something did.
 */
public final class FuzzCommand {

    static final String USAGE = "usage: seqlab fuzz [--count N] [--seed S] [--max-size CHARS] [--checkpoints PERCENT] [--root DIR]";

    private FuzzCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        long count = 100_000;
        long seed = 1;
        int maxSize = 200_000;
        int checkpoints = 5;
        List<Path> roots = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) throw new IllegalArgumentException(a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--count" -> count = positive(a, Long.parseLong(v));
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--max-size" -> maxSize = (int) positive(a, Integer.parseInt(v));
                    case "--checkpoints" -> checkpoints = Integer.parseInt(v);
                    case "--root" -> roots.add(Path.of(v));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (checkpoints < 0 || checkpoints > 100) throw new IllegalArgumentException("--checkpoints is a percentage, 0 to 100");
        } catch (NumberFormatException e) {
            err.println("seqlab fuzz: not a number: " + e.getMessage().replace("For input string: ", ""));
            err.println(USAGE);
            return 64;
        } catch (IllegalArgumentException e) {
            err.println("seqlab fuzz: " + e.getMessage());
            err.println(USAGE);
            return 64;
        }
        if (roots.isEmpty()) {
            String home = System.getProperty("seqlab.home");
            roots.add(home != null && !home.isBlank() ? Path.of(home) : Path.of(""));
        }
        List<String> corpus = Fuzzer.corpus(roots);
        out.printf("seqlab fuzz: %,d inputs from seed %d, %d .seq files as corpus, pathological inputs up to %,d characters,"
                + " %d%% checkpoints%n", count, seed, corpus.size(), maxSize, checkpoints);
        Fuzzer.Report r = new Fuzzer(new Fuzzer.Options(count, seed, maxSize, checkpoints, 1000, 60_000, roots, out)).run();
        for (Fuzzer.Finding f : r.findings()) out.println(f);
        for (String slow : r.slowInputs()) out.println("over 1 s: " + slow);
        out.println(r.summary());
        out.println("slowest input: " + r.slowest());
        return r.findings().isEmpty() ? 0 : 70;
    }

    private static long positive(String option, long v) {
        if (v <= 0) throw new IllegalArgumentException(option + " must be positive");
        return v;
    }
}
