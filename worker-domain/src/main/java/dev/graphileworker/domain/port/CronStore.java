package dev.graphileworker.domain.port;

import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where cron items are remembered and their ticks enqueued, so that every tick of every item
 * becomes exactly one job however many workers run the same crontab. Implementations are
 * thread-safe; each method is one atomic change.
 */
public interface CronStore {

    /**
     * Remembers the items: an identifier seen for the first time becomes known since {@code now}.
     *
     * @param identifiers the cron items' identifiers
     * @param now the time the scheduler started
     * @return what was already known, before this call, of those identifiers that were known (new
     *     ones are absent: they are never backfilled)
     */
    Map<String, KnownCrontab> registerKnownCrontabs(Collection<String> identifiers, Instant now);

    /**
     * Reads what is remembered of every item, changing nothing: for operators, who see items of any
     * crontab, including items no crontab has any longer.
     *
     * @return every item known, by identifier
     */
    List<KnownCrontab> knownCrontabs();

    /**
     * Enqueues the jobs of one tick, each only if no worker has enqueued this or a later tick of its
     * item: the item's last execution moves forward to {@code tick} and the job is added in the same
     * statement, so of several workers exactly one wins each tick.
     *
     * @param tick the minute the jobs are due, which becomes their run at
     * @param jobs at most one job per item identifier
     * @return how many jobs this call enqueued (the others had been already)
     */
    int enqueueTick(Instant tick, List<CronJob> jobs);
}
