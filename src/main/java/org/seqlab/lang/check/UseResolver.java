package org.seqlab.lang.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the file of a {@code use}: beside the script that says it, then the working directory,
 * then the {@code stdlib/} folder next to the launcher (system property {@code seqlab.home}).
 * {@code use gpt} means {@code gpt.seq}; {@code use "stdlib/gpt.seq"} is a path.
 */
public final class UseResolver {

    private final List<Path> homes;

    /** Search homes: the seqlab home (from {@code -Dseqlab.home}) and the working directory. */
    public UseResolver() {
        this(defaultHomes());
    }

    public UseResolver(List<Path> homes) {
        this.homes = List.copyOf(homes);
    }

    private static List<Path> defaultHomes() {
        List<Path> out = new ArrayList<>();
        String home = System.getProperty("seqlab.home");
        if (home != null && !home.isBlank()) {
            out.add(Path.of(home));
        }
        out.add(Path.of("").toAbsolutePath());
        return out;
    }

    /** The places looked in for {@code target}, in order, used by the file that says {@code use}. */
    public List<Path> candidates(String target, boolean bareName, String fromFile) {
        String name = bareName && !target.endsWith(".seq") ? target + ".seq" : target;
        Set<Path> out = new LinkedHashSet<>();
        Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return new ArrayList<>();  // a name no file can have (a NUL in it): nowhere to look
        }
        if (p.isAbsolute()) {
            out.add(p.normalize());
            return new ArrayList<>(out);
        }
        Path dir = fromFile == null ? null : Path.of(fromFile).toAbsolutePath().getParent();
        if (dir != null && Files.isRegularFile(Path.of(fromFile))) {
            out.add(dir.resolve(name).normalize());
        }
        for (Path home : homes) {
            if (bareName) {
                out.add(home.resolve("stdlib").resolve(name).normalize());
            }
            out.add(home.resolve(name).normalize());
        }
        return new ArrayList<>(out);
    }

    public Optional<Path> resolve(String target, boolean bareName, String fromFile) {
        return candidates(target, bareName, fromFile).stream().filter(Files::isRegularFile).findFirst();
    }
}
