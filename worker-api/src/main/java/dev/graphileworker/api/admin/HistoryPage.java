package dev.graphileworker.api.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of the history of finished jobs.
 *
 * @param entries the entries, in the requested order (by when they were recorded)
 * @param nextCursor where the next page starts; empty on the last page
 * @since 0.1.0
 */
public record HistoryPage(List<HistoryEntry> entries, Optional<String> nextCursor) {

    /** Copies the entries. */
    public HistoryPage {
        entries = List.copyOf(entries);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
