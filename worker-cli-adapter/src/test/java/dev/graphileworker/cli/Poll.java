package dev.graphileworker.cli;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits by polling a condition until a deadline: the fault tests' only way of waiting. */
final class Poll {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /** A condition that may need the database. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * @param what completes "waited in vain until ..."
     * @param condition polled until it holds
     * @param context what to show when the deadline passes (the workers' logs, say)
     */
    static void until(String what, Condition condition, Supplier<String> context) throws Exception {
        until(what, condition, context, DEADLINE);
    }

    /** As {@link #until(String, Condition, Supplier)}, for work known to take long on a slow machine. */
    static void until(String what, Condition condition, Supplier<String> context, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + patience.toSeconds() + " s in vain until " + what + "\n"
                        + context.get());
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
