package dev.graphileworker.domain.cron;

import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ticks missed before the scheduler started that items asking for it ({@code fill=}) still want:
 * within the item's backfill period before the start, and after both the time a worker first knew
 * the item and its last enqueued tick. New items are never backfilled. Ticks come earliest first,
 * because enqueueing a later tick first would mark the earlier one as done.
 */
final class Backfill {

    private final Instant start;
    private final List<Cursor> cursors = new ArrayList<>();

    /**
     * @param items the crontab's items
     * @param known what the store knew of them before this start
     * @param start when the scheduler started; ticks before it are backfilled, later ones are not
     */
    Backfill(List<CronItem> items, Map<String, KnownCrontab> known, Instant start) {
        this.start = start;
        for (CronItem item : items) {
            KnownCrontab record = known.get(item.identifier());
            if (record == null || item.backfillPeriod().isZero()) {
                continue;
            }
            Instant from = start.minus(item.backfillPeriod());
            if (record.knownSince().isAfter(from)) {
                from = record.knownSince();
            }
            Instant afterLast = record.lastExecutionIfAny().map(last -> last.plusNanos(1)).orElse(from);
            if (afterLast.isAfter(from)) {
                from = afterLast;
            }
            Cursor cursor = new Cursor(item, Minutes.firstTickFrom(item.schedule(), from));
            if (cursor.hasTickBeforeStart()) {
                cursors.add(cursor);
            }
        }
    }

    /** @return the earliest tick not yet returned with the jobs due at it, or empty when none is left */
    Optional<Tick> next() {
        Instant earliest = cursors.stream().map(Cursor::tick).min(Instant::compareTo).orElse(null);
        if (earliest == null) {
            return Optional.empty();
        }
        List<CronJob> jobs = new ArrayList<>();
        for (Cursor cursor : cursors) {
            if (cursor.tick.equals(earliest)) {
                jobs.add(cursor.item.jobAt(earliest, true));
                cursor.advance();
            }
        }
        cursors.removeIf(cursor -> !cursor.hasTickBeforeStart());
        return Optional.of(new Tick(earliest, jobs));
    }

    /** A minute and the jobs due at it, in crontab order. */
    record Tick(Instant at, List<CronJob> jobs) {
    }

    /** One item's next tick to backfill. */
    private final class Cursor {
        private final CronItem item;
        private Instant tick;

        Cursor(CronItem item, Instant tick) {
            this.item = item;
            this.tick = tick;
        }

        Instant tick() {
            return tick;
        }

        void advance() {
            tick = item.schedule().nextTickAfter(tick).orElse(null);
        }

        boolean hasTickBeforeStart() {
            return tick != null && tick.isBefore(start);
        }
    }
}
