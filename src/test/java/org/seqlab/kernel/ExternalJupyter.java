package org.seqlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real Jupyter client's programs for the slow notebook tests (they skip where these are missing). */
final class ExternalJupyter {

    /** What a program said (stdout and stderr together) and its exit code: 127 when it cannot start, 124 on timeout. */
    record Result(int code, String out) {
    }

    private ExternalJupyter() {}

    /** The first of python3, /usr/bin/python3 that imports nbclient and nbformat, or null. */
    static String pythonWithNbclient() {
        for (String p : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(p, "-c", "import nbclient, nbformat"), null).code() == 0) return p;
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }

    /** Runs cmd with JUPYTER_PATH set to jupyterPath (when not null), for at most 10 minutes. */
    static Result run(List<String> cmd, String jupyterPath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        if (jupyterPath != null) pb.environment().put("JUPYTER_PATH", jupyterPath);
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(124, "timed out");
        }
        return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }
}
