package dev.graphileworker.cli.internal.tasks;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after a deadline; never sleeps. */
final class Eventually {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Waited " + DEADLINE.toSeconds() + " s in vain until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
