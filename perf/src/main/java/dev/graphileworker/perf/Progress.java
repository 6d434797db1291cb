package dev.graphileworker.perf;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on standard error, with the time since the harness started: a full run takes a while. */
final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void say(String format, Object... arguments) {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        out.printf(Locale.ROOT, "[%3d:%02d] %s%n", seconds / 60, seconds % 60,
                String.format(Locale.ROOT, format, arguments));
    }
}
