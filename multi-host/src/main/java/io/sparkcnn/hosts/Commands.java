package io.sparkcnn.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short system commands of the harness ({@code ip}, {@code tc}), each bounded in time. */
final class Commands {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Commands() {
    }

    /** Runs {@code command} and returns its standard output; throws naming the command and what it printed. */
    static String run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes(); // the commands are short; their output ends when they do
            }
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HostException("'" + String.join(" ", command) + "' did not finish within " + TIMEOUT);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new HostException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): "
                        + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new HostException("cannot run '" + command.get(0) + "' (iproute2 installed, running as root?): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted running '" + String.join(" ", command) + "'");
        }
    }

    /** As {@link #run}, for cleanup: a failure is returned as text, never thrown. */
    static String attempt(List<String> command) {
        try {
            return run(command);
        } catch (HostException e) {
            return e.getMessage();
        }
    }
}
