package org.seqlab.kernel;

import com.google.gson.GsonBuilder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The kernelspec Jupyter finds seqlab by: a folder {@code kernels/NAME} holding {@code kernel.json} (how to
 * start the kernel: this JVM's java with bin/seqlab's flags, this jar, {@code jupyter kernel
 * {connection_file}}) and two logos. Installed where Jupyter looks: the user's data folder ({@code --user}),
 * a prefix ({@code PREFIX/share/jupyter/kernels}) or the system folder.
 */
public final class KernelSpec {

    /** bin/seqlab's JVM flags (the reasons are written there), given to the kernel's JVM too. */
    static final List<String> JVM_FLAGS = org.seqlab.backend.JvmFlags.forKernels();

    private KernelSpec() {
    }

    /** Where Jupyter looks for a user's kernels: $JUPYTER_DATA_DIR/kernels, else the platform's data folder. */
    public static Path userKernels() {
        String data = System.getenv("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) return Path.of(data, "kernels");
        Path home = Path.of(System.getProperty("user.home"));
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            return home.resolve("Library/Jupyter/kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter/kernels");
    }

    /** The kernels folder under an installation prefix (what {@code jupyter kernelspec install --prefix} uses). */
    public static Path prefixKernels(Path prefix) {
        return prefix.resolve("share/jupyter/kernels");
    }

    /** The system-wide kernels folder Jupyter searches by default. */
    public static Path systemKernels() {
        return Path.of("/usr/local/share/jupyter/kernels");
    }

    /** Writes {@code kernels/name}: kernel.json and the logos. Returns the folder. */
    public static Path install(Path kernels, String name) throws IOException {
        Path dir = kernels.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), json(argv()), StandardCharsets.UTF_8);
        ImageIO.write(logo(32), "png", dir.resolve("logo-32x32.png").toFile());
        ImageIO.write(logo(64), "png", dir.resolve("logo-64x64.png").toFile());
        return dir;
    }

    /** Removes {@code kernels/name}; false when it was not there. */
    public static boolean uninstall(Path kernels, String name) throws IOException {
        Path dir = kernels.resolve(name);
        if (!Files.isRegularFile(dir.resolve("kernel.json"))) return false;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        return true;
    }

    /** The kernel.json text for the given command line. */
    static String json(List<String> argv) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", "seqlab");
        spec.put("language", "seqlab");
        // Interrupts come as interrupt_request on the control channel: the kernel stops training at the next
        // step boundary (SIGINT does the same, but a signal also reaches whatever else runs in the group).
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("file_extension", ".seq"));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    /** This JVM's java, bin/seqlab's flags, this jar (or class path), then {@code jupyter kernel {connection_file}}. */
    static List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(JVM_FLAGS);
        Path jar = jar();
        String home = System.getProperty("seqlab.home");
        if (home != null) argv.add("-Dseqlab.home=" + home);
        if (jar != null) {
            Path cds = jar.resolveSibling("seqlab.jsa");
            if (Files.isRegularFile(cds)) {
                argv.addAll(List.of("-XX:SharedArchiveFile=" + cds, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
            argv.addAll(List.of("-jar", jar.toString()));
        } else {
            String cp = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
            argv.addAll(List.of("-cp", cp, "org.seqlab.cli.Main"));
        }
        argv.addAll(List.of("jupyter", "kernel", "{connection_file}"));
        return argv;
    }

    /** The runnable jar this class was loaded from, or null when running from class folders (tests). */
    private static Path jar() {
        try {
            Path p = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /** A small heatmap: four rows of cells from blue to red, the way seqlab draws hidden states. */
    static BufferedImage logo(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float[][] v = {{-.9f, -.3f, .4f, .9f}, {.6f, -.8f, .1f, -.4f}, {.2f, .8f, -.6f, .3f}, {-.5f, .4f, .9f, -.9f}};
        int cell = size / 4;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                float x = v[r][c];
                Color col = x >= 0 ? new Color(1f, 1 - x * .8f, 1 - x * .85f) : new Color(1 + x * .85f, 1 + x * .6f, 1f);
                g.setColor(col);
                g.fillRect(c * cell + 1, r * cell + 1, cell - 2, cell - 2);
            }
        }
        g.dispose();
        return img;
    }

    /** {@code seqlab jupyter install|uninstall [--user] [--name NAME] [--prefix DIR]}; returns the exit code. */
    public static int command(List<String> args, java.io.PrintStream out, java.io.PrintStream err) {
        String what = args.isEmpty() ? "" : args.get(0);
        boolean user = false;
        String name = "seqlab";
        Path prefix = null;
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--user" -> user = true;
                case "--name", "--prefix" -> {
                    if (i + 1 >= args.size()) {
                        err.println("seqlab: " + args.get(i) + " needs a value");
                        return 64;
                    }
                    if (args.get(i).equals("--name")) name = args.get(++i);
                    else prefix = Path.of(args.get(++i));
                }
                default -> {
                    err.println("seqlab: unknown option for jupyter " + what + ": " + args.get(i));
                    return 64;
                }
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            err.println("seqlab: a kernel name is letters, digits, '.', '_' and '-': " + name);
            return 64;
        }
        Path kernels = prefix != null ? prefixKernels(prefix) : user ? userKernels() : systemKernels();
        try {
            switch (what) {
                case "install" -> {
                    Path dir = install(kernels, name);
                    out.println("installed the seqlab kernel '" + name + "' in " + dir);
                    out.println("start it with: jupyter notebook (or lab, or console --kernel " + name + ")");
                    return 0;
                }
                case "uninstall" -> {
                    if (uninstall(kernels, name)) {
                        out.println("removed the seqlab kernel '" + name + "' from " + kernels.resolve(name));
                        return 0;
                    }
                    err.println("seqlab: no kernel '" + name + "' in " + kernels);
                    return 64;
                }
                default -> {
                    err.println("seqlab: jupyter needs install, uninstall or kernel CONNECTION_FILE");
                    return 64;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("seqlab: cannot write in " + kernels + ": " + e.getMessage()
                    + (user || prefix != null ? "" : "\n  hint: add --user to install for yourself only"));
            return 70;
        }
    }
}
