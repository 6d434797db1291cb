package dev.graphileworker.domain.time;

import java.time.Duration;

/**
 * How the worker's background loops wait (the cron scheduler for the next minute, result writing
 * between retries, the listener before reconnecting): in real time, or, in tests, by moving a clock
 * forward so that no test waits for real time to pass. Together with a {@link java.time.Clock}, the
 * one seam through which the domain and the adapters see time.
 */
public interface Sleeper {

    /**
     * Waits about {@code duration}, or less once {@link #wakeUp()} has been called.
     *
     * @param duration how long to wait; zero or more
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Ends the current wait, and makes every later one return at once. Called from another thread. */
    void wakeUp();

    /** @return a sleeper that blocks the calling thread for real; use one per loop, as {@link #wakeUp()} ends it for good */
    static Sleeper realTime() {
        return new RealTimeSleeper();
    }
}
