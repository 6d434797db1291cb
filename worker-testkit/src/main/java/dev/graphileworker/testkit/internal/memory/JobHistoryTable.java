package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The history table of finished jobs ({@code <schema>_history.job_history}), once a test turns it on:
 * the worker statements record the jobs they complete and those whose last attempt fails, as the
 * PostgreSQL store's statements do. Off, it records nothing and reads empty, as a schema without the
 * table does.
 */
public final class JobHistoryTable {

    private final List<HistoryEntry> entries = new ArrayList<>();
    private boolean kept;
    private long lastEntryId;

    /** Creates the table: from now on finished jobs are recorded. */
    public void keep() {
        kept = true;
    }

    /** @return whether the table exists */
    public boolean isKept() {
        return kept;
    }

    /** A job the worker completed, as {@code delete ... returning} saw it. */
    void completed(StoredJob job, String workerId, Duration runTime, Instant now) {
        record(job, job.payload, HistoryEntry.Outcome.COMPLETED, Optional.empty(), workerId, runTime, now);
    }

    /** A job whose last attempt failed, with the payload it ran with (not the one a batch job keeps for a retry). */
    void failedForGood(StoredJob job, JsonNode ranPayload, String workerId, Duration runTime, Instant now) {
        record(job, ranPayload, HistoryEntry.Outcome.PERMANENTLY_FAILED, Optional.ofNullable(job.lastError), workerId,
                runTime, now);
    }

    private void record(StoredJob job, JsonNode payload, HistoryEntry.Outcome outcome, Optional<String> lastError,
            String workerId, Duration runTime, Instant now) {
        if (kept) {
            entries.add(new HistoryEntry(++lastEntryId, job.id, job.taskIdentifier, Optional.ofNullable(job.queueName),
                    Optional.ofNullable(job.key), payload.deepCopy(), job.attempts, outcome, lastError, workerId, now,
                    runTime));
        }
    }

    /**
     * One page of entries, as the PostgreSQL reader pages them: keyed on the entry id, filtered on task,
     * queue, job key and error text (states and flags do not apply).
     *
     * @throws IllegalArgumentException when the cursor is not an entry id
     */
    public HistoryPage page(JobFilter filter, PageRequest page) {
        boolean newestFirst = page.order() == PageRequest.Order.NEWEST_FIRST;
        Optional<Long> after = page.after().map(JobHistoryTable::cursor);
        Stream<HistoryEntry> ordered = newestFirst
                ? entries.stream().sorted(Comparator.comparingLong(HistoryEntry::entryId).reversed())
                : entries.stream();
        List<HistoryEntry> found = ordered
                .filter(entry -> after.isEmpty()
                        || (newestFirst ? entry.entryId() < after.get() : entry.entryId() > after.get()))
                .filter(entry -> filter.taskIdentifier().map(entry.taskIdentifier()::equals).orElse(true))
                .filter(entry -> filter.queueName().map(queue -> entry.queueName().equals(Optional.of(queue)))
                        .orElse(true))
                .filter(entry -> filter.jobKey().map(key -> entry.key().equals(Optional.of(key))).orElse(true))
                .filter(entry -> filter.errorContaining().map(text -> entry.lastError()
                        .filter(error -> error.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
                        .isPresent()).orElse(true))
                .limit(page.limit() + 1L)
                .toList();
        if (found.size() <= page.limit()) {
            return new HistoryPage(found, Optional.empty());
        }
        List<HistoryEntry> shown = found.subList(0, page.limit());
        return new HistoryPage(shown, Optional.of(Long.toString(shown.get(shown.size() - 1).entryId())));
    }

    /** @return every entry, in the order recorded */
    List<HistoryEntry> entries() {
        return List.copyOf(entries);
    }

    private static long cursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of the job history: '" + after + "'", e);
        }
    }
}
