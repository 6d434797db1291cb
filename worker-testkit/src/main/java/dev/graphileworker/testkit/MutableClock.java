package dev.graphileworker.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, for testing schedules and retries without
 * waiting: give it to an {@link InMemoryJobQueue}, then {@link #advance} past a job's run time.
 * Thread-safe.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    private MutableClock(Instant now) {
        this.now = now;
    }

    /**
     * @param start the time the clock shows until moved
     * @return a clock standing at {@code start}
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far
     */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /**
     * Moves the clock forward to a moment, such as a failed job's {@code runAt()}.
     *
     * @param moment where to; not before the clock's current time
     * @throws IllegalArgumentException when {@code moment} is in the clock's past
     */
    public synchronized void advanceTo(Instant moment) {
        if (moment.isBefore(now)) {
            throw new IllegalArgumentException("The clock only moves forward: it is " + now + ", not " + moment);
        }
        now = moment;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
