package dev.graphileworker.domain.cron;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.domain.CronJob;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One line of a crontab: which task to enqueue when, under which identifier, with which job options
 * and payload, and how far back to backfill missed ticks. Immutable; the payload is copied in and
 * out, never shared.
 *
 * @param identifier unique within the crontab; guards each tick against being enqueued twice
 * @param task the task identifier of the jobs
 * @param schedule when the item fires
 * @param backfillPeriod how far back missed ticks are enqueued at start; zero for none
 * @param jobOptions queue, max attempts, job key (and mode) and priority of the jobs
 * @param payload merged into each job's payload, under {@code _cron}
 */
public record CronItem(String identifier, String task, CronSchedule schedule, Duration backfillPeriod,
        AddJobOptions jobOptions, ObjectNode payload) {

    /** JavaScript's {@code Date.toISOString()}, so Java and Node.js workers write the same {@code _cron.ts}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Checks that every part is present and copies the payload. */
    public CronItem {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(backfillPeriod, "backfillPeriod");
        Objects.requireNonNull(jobOptions, "jobOptions");
        payload = Objects.requireNonNull(payload, "payload").deepCopy();
    }

    /** @return a copy of the payload merged into each job's */
    @Override
    public ObjectNode payload() {
        return payload.deepCopy();
    }

    /**
     * @param tick the minute the item fires at
     * @param backfilled whether the tick is enqueued late, at start, for a time the worker was not running
     * @return the job for that tick: the payload with {@code _cron: {ts, backfilled}}, due at the tick
     */
    public CronJob jobAt(Instant tick, boolean backfilled) {
        ObjectNode jobPayload = payload.deepCopy();
        ObjectNode cron = jobPayload.putObject("_cron");
        cron.put("ts", TIMESTAMP.format(tick));
        cron.put("backfilled", backfilled);
        return new CronJob(identifier, task, jobPayload, jobOptions.withRunAt(tick));
    }
}
