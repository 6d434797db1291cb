package dev.graphileworker.domain.cron;

import dev.graphileworker.domain.time.Sleeper;
import dev.graphileworker.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sleeps by moving the clock forward, so the scheduler's loop runs through hours in milliseconds.
 * Scripted surprises (oversleeping, the clock set back) happen at chosen sleeps. Once the clock would
 * pass the end, it stops the scheduler instead.
 */
final class ClockMovingSleeper implements Sleeper {

    private final MutableClock clock;
    private final Instant end;
    private final Deque<Surprise> surprises = new ArrayDeque<>();
    private Runnable stop = () -> { };
    private int sleeps;

    ClockMovingSleeper(MutableClock clock, Instant end) {
        this.clock = clock;
        this.end = end;
    }

    void stopsWith(Runnable stop) {
        this.stop = stop;
    }

    /** At the sleep numbered {@code sleepNumber} (from 1), the clock moves by {@code extra} beyond the sleep. */
    void moveClockAtSleep(int sleepNumber, Duration extra) {
        surprises.add(new Surprise(sleepNumber, extra));
    }

    @Override
    public void sleep(Duration duration) {
        sleeps++;
        Duration move = duration;
        if (!surprises.isEmpty() && surprises.peek().sleepNumber == sleeps) {
            move = move.plus(surprises.poll().extra);
        }
        if (clock.instant().plus(move).isAfter(end)) {
            stop.run();
            return;
        }
        clock.advance(move);
    }

    @Override
    public void wakeUp() {
        // Nothing waits for real.
    }

    private record Surprise(int sleepNumber, Duration extra) {
    }
}
