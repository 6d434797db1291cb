package dev.graphileworker.domain.cron;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Rounds instants to the minute boundaries cron ticks fall on. */
final class Minutes {

    private Minutes() {
    }

    /** @return the start of the minute holding {@code time} */
    static Instant floor(Instant time) {
        return time.truncatedTo(ChronoUnit.MINUTES);
    }

    /** @return {@code time} if it is a minute boundary, else the next boundary */
    static Instant ceil(Instant time) {
        Instant floor = floor(time);
        return floor.equals(time) ? floor : floor.plus(1, ChronoUnit.MINUTES);
    }

    /** @return the first tick of {@code schedule} at or after {@code time}, or null if none */
    static Instant firstTickFrom(CronSchedule schedule, Instant time) {
        return schedule.nextTickAfter(ceil(time).minus(1, ChronoUnit.MINUTES)).orElse(null);
    }
}
