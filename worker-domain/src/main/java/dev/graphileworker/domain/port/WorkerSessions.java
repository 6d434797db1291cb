package dev.graphileworker.domain.port;

import java.util.Set;

/**
 * The database sessions by which running workers of this library show that they are alive, and the
 * unlocking of a dead worker's jobs. Each running worker keeps a session named after its id for as
 * long as it runs; a worker whose sessions are all gone has stopped, or died. Implementations are
 * thread-safe.
 */
public interface WorkerSessions {

    /**
     * @return the ids of the workers of this library with at least one session open on the database
     *     now, as far as the caller's database role can see (its own worker's included, when visible)
     */
    Set<String> workersWithOpenSessions();

    /**
     * @return the ids of the workers that hold a lock on a job or a named queue and whose id
     *     {@linkplain dev.graphileworker.domain.worker.WorkerIds#promisesSession promises a session};
     *     other holders may be left out (they are ignored anyway)
     */
    Set<String> lockHolders();

    /**
     * Unlocks every job and queue locked by {@code workerId}, exactly as graphile-worker's
     * {@code force_unlock_workers} does: the jobs keep their attempts and become available again.
     *
     * @param workerId a worker presumed dead
     * @return how many jobs were unlocked by this call (zero when none was locked, or another worker
     *     unlocked them first)
     */
    int forceUnlock(String workerId);
}
