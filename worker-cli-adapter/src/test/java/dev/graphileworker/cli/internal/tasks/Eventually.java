package dev.graphileworker.cli.internal.tasks;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after a deadline. */
final class Eventually {

    /** Generous: a busy machine may be slow to deliver file events and to reload. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Short, and not a busy wait: spinning would take a core from the thread being waited for. */
    private static final Duration INTERVAL = Duration.ofMillis(10);

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Waited " + DEADLINE.toSeconds() + " s in vain until " + what);
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
    }
}
