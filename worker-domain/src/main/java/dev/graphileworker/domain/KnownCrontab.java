package dev.graphileworker.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the database remembers of a cron item ({@code _private_known_crontabs}): since when a worker
 * has known it, and the latest tick enqueued for it, if any. Backfilling never goes back before either.
 */
public record KnownCrontab(String identifier, Instant knownSince, Instant lastExecution) {

    /** Checks the columns that are never null; {@code lastExecution} is null until the first tick. */
    public KnownCrontab {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(knownSince, "knownSince");
    }

    /** @return the latest tick enqueued for the item, unless none has been */
    public Optional<Instant> lastExecutionIfAny() {
        return Optional.ofNullable(lastExecution);
    }
}
