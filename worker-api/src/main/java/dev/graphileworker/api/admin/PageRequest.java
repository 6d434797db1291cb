package dev.graphileworker.api.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing: its order, its size, and where the previous page ended. Pages are keyed on
 * the job's id (keyset pagination), so a page is found through the primary key at the same cost on
 * the first page and the thousandth, and jobs added meanwhile never shift the pages being read.
 *
 * @param order newest or oldest first (by id: the order jobs were added in)
 * @param limit how many at most, 1 to {@link #MAX_LIMIT}
 * @param after the {@link JobPage#nextCursor()} of the previous page; empty for the first page
 * @since 0.1.0
 */
public record PageRequest(Order order, int limit, Optional<String> after) {

    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * The order of a listing.
     *
     * @since 0.1.0
     */
    public enum Order {
        /** Most recently added first. */
        NEWEST_FIRST,
        /** Added longest ago first. */
        OLDEST_FIRST
    }

    /** Checks the limit and that every part is present. */
    public PageRequest {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("A page holds 1 to " + MAX_LIMIT + " jobs, not " + limit);
        }
    }

    /** @return the first page of {@link #DEFAULT_LIMIT}, newest first */
    public static PageRequest first() {
        return new PageRequest(Order.NEWEST_FIRST, DEFAULT_LIMIT, Optional.empty());
    }

    /**
     * @param limit 1 to {@link #MAX_LIMIT}
     * @return this request with that page size
     */
    public PageRequest withLimit(int limit) {
        return new PageRequest(order, limit, after);
    }

    /**
     * @param order the order
     * @return this request in that order
     */
    public PageRequest withOrder(Order order) {
        return new PageRequest(order, limit, after);
    }

    /**
     * @param cursor a page's {@link JobPage#nextCursor()}
     * @return the request for the page after it
     */
    public PageRequest after(String cursor) {
        return new PageRequest(order, limit, Optional.of(cursor));
    }
}
