package dev.graphileworker.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Waits for what a test cannot be told about (a job run by a worker, a row written by another
 * process, a file appearing) by checking a condition until it holds or a deadline passes.
 *
 * <pre>{@code
 * Poll.until("the job is done", () -> database.count("select count(*) from graphile_worker.jobs") == 0);
 * }</pre>
 *
 * <p>The condition is checked at once, then after pauses that grow from 5 ms to 50 ms, so a quick
 * condition is seen quickly and a slow one does not keep a core or the database busy. When the deadline
 * passes, the test fails with an {@link AssertionError} saying {@code Not within PT1M: <what>}. Prefer
 * a generous deadline (the default is {@link #DEADLINE}): a loaded machine may be many times slower
 * than a developer's, and a condition that holds returns as soon as it is seen.
 */
public final class Poll {

    /** The deadline unless one is given: 60 seconds. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 50;

    private Poll() {
    }

    /** What to wait for; it may query a database or read a file, and throw if it cannot. */
    @FunctionalInterface
    public interface Condition {

        /**
         * @return whether what is waited for has happened
         * @throws Exception when the condition cannot be checked; it ends the wait at once
         */
        boolean holds() throws Exception;
    }

    /**
     * Waits until the condition holds, at most {@link #DEADLINE}.
     *
     * @param what what is waited for, for the failure message ("the job is done")
     * @param condition checked until it holds
     * @throws AssertionError when the deadline passes first
     */
    public static void until(String what, Condition condition) {
        until(what, DEADLINE, condition);
    }

    /**
     * Waits until the condition holds, at most the given time.
     *
     * @param what what is waited for, for the failure message ("the job is done")
     * @param deadline how long to wait at most
     * @param condition checked until it holds
     * @throws AssertionError when the deadline passes first
     */
    public static void until(String what, Duration deadline, Condition condition) {
        until(what, deadline, condition, () -> "");
    }

    /**
     * Waits until the condition holds, at most the given time, and tells more when it does not.
     *
     * @param what what is waited for, for the failure message ("the job is done")
     * @param deadline how long to wait at most
     * @param condition checked until it holds
     * @param context what else the failure message shows (a process's log, the last value seen), read
     *     only when the deadline has passed
     * @throws AssertionError when the deadline passes first
     * @throws IllegalStateException when the condition throws a checked exception (its cause), or the
     *     thread is interrupted while it waits (the thread stays interrupted); an unchecked exception or
     *     error thrown by the condition ends the wait as it is
     */
    public static void until(String what, Duration deadline, Condition condition, Supplier<String> context) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(context, "context");
        long end = System.nanoTime() + deadline.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (!holds(what, condition)) {
            if (System.nanoTime() - end > 0) {
                String more = context.get();
                throw new AssertionError("Not within " + deadline + ": " + what
                        + (more == null || more.isEmpty() ? "" : "\n" + more));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting until " + what, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    private static boolean holds(String what, Condition condition) {
        try {
            return condition.holds();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not check whether " + what + ": " + e.getMessage(), e);
        }
    }
}
