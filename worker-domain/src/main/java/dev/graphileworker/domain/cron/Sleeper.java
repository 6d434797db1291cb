package dev.graphileworker.domain.cron;

import java.time.Duration;

/**
 * How the {@link CronScheduler} waits for the next minute: in real time, or, in tests, by moving a
 * clock forward so that no test waits for real minutes.
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

    /** @return a sleeper that blocks the calling thread for real; use one per scheduler */
    static Sleeper realTime() {
        return new RealTimeSleeper();
    }
}
