package dev.graphileworker.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AddJobOptions;
import java.util.Objects;

/**
 * The job one cron item asks for at one tick: {@code add_job}'s arguments, plus the identifier of
 * the item, which guards the tick against being enqueued twice. The payload already carries
 * {@code _cron}; callers must not change it.
 */
public record CronJob(String identifier, String task, ObjectNode payload, AddJobOptions options) {

    /** Checks that every part is present. */
    public CronJob {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
    }
}
