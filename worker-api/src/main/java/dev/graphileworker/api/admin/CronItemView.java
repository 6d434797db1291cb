package dev.graphileworker.api.admin;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * One cron item as the queue knows it: its line of a crontab, if that crontab has it, and what the
 * queue remembers of it ({@code _private_known_crontabs}: since when a worker has known it, the latest
 * tick enqueued for it).
 *
 * <p>An item the queue remembers but the crontab does not have (renamed, removed, or from another
 * worker's crontab) is shown with {@link #inCrontab()} false: no task, schedule, zone or next run.
 *
 * @param identifier the item's identifier (its task's, unless the line gives one with {@code ?id=})
 * @param inCrontab whether the crontab has a line for it
 * @param taskIdentifier the task its jobs run; empty when not in the crontab
 * @param schedule the five time fields as written, single-spaced ({@code 30 4 * * 1}); empty when not
 *     in the crontab
 * @param zone the time zone whose clock the schedule is read on (the line's {@code ?tz=}, else the
 *     crontab's default zone); empty when not in the crontab
 * @param knownSince when a worker first registered the item; empty when no worker has
 * @param lastExecution the latest tick enqueued for it; empty when none has been
 * @param nextRun the first minute after now at which the schedule fires; empty when not in the crontab
 *     or when the schedule never fires (such as the 30th of February)
 * @since 0.1.0
 */
public record CronItemView(String identifier, boolean inCrontab, Optional<String> taskIdentifier,
        Optional<String> schedule, Optional<ZoneId> zone, Optional<Instant> knownSince,
        Optional<Instant> lastExecution, Optional<Instant> nextRun) {

    /** Checks that every part is present, and that the crontab's parts are given exactly for its items. */
    public CronItemView {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(taskIdentifier, "taskIdentifier");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(knownSince, "knownSince");
        Objects.requireNonNull(lastExecution, "lastExecution");
        Objects.requireNonNull(nextRun, "nextRun");
        if (taskIdentifier.isPresent() != inCrontab || schedule.isPresent() != inCrontab
                || zone.isPresent() != inCrontab || (nextRun.isPresent() && !inCrontab)) {
            throw new IllegalArgumentException("An item's task, schedule and zone are given when it is in the crontab"
                    + " and only then, and a next run only then: " + identifier);
        }
    }
}
