package dev.graphileworker.domain.recovery;

import dev.graphileworker.domain.worker.WorkerIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which workers are dead from successive censuses of the workers that have a session open.
 * It watches two kinds of worker: those it has seen with a session, and those whose id
 * {@linkplain WorkerIds#promisesSession promises a session} and which hold locks (a worker that died
 * before this one started, or between two looks). A watched worker is presumed dead once it has been
 * found without a session at every census for the recovery time. Pure: time comes from the clock,
 * nothing else is touched. Not thread-safe: one recovery thread feeds it.
 *
 * <p>Why it errs towards doing nothing:
 * <ul>
 *   <li>Only workers that show a session, or promise one, count. Node.js graphile-worker, and workers
 *       of this library with recovery off, neither show nor promise one, so they are never presumed
 *       dead here, however long their jobs run: the four-hour lock timeout alone frees their jobs.</li>
 *   <li>The absence must be watched without a break. A census that could not be taken (the database
 *       was away, this process stalled) longer than {@link #longestGap()} restarts every absence
 *       clock, because the other workers may have been reconnecting at that very moment.</li>
 *   <li>A census in which this worker cannot see its own session proves nothing (its role may not
 *       see the sessions, a pooler may hide them, its own connection may be reconnecting); it counts
 *       as no census at all.</li>
 * </ul>
 */
public final class DeadWorkerDetector {

    private static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofMillis(100);
    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(10);
    private static final int CHECKS_PER_RECOVERY_TIME = 10;
    private static final int CHECKS_THAT_MAY_BE_MISSED = 2;

    private final String ownWorkerId;
    private final Duration recoveryTime;
    private final Clock clock;
    private final Set<String> watched = new HashSet<>();
    private final Map<String, Instant> missingSince = new HashMap<>();
    private Instant lastTrustedCensus;
    private Instant lastLockScan;
    private Instant blindSince;

    /**
     * @param ownWorkerId the id of the worker doing the watching
     * @param recoveryTime how long a seen worker must be missing before it is presumed dead
     * @param clock the time
     */
    public DeadWorkerDetector(String ownWorkerId, Duration recoveryTime, Clock clock) {
        if (recoveryTime.isNegative() || recoveryTime.isZero()) {
            throw new IllegalArgumentException("recoveryTime must be positive, was " + recoveryTime);
        }
        this.ownWorkerId = ownWorkerId;
        this.recoveryTime = recoveryTime;
        this.clock = clock;
    }

    /**
     * @return how often a census should be taken: a tenth of the recovery time, within 0.1 to 10
     *     seconds, so a dead worker's jobs are freed soon after the recovery time has passed
     */
    public Duration checkInterval() {
        Duration tenth = recoveryTime.dividedBy(CHECKS_PER_RECOVERY_TIME);
        if (tenth.compareTo(SHORTEST_CHECK_INTERVAL) < 0) {
            return SHORTEST_CHECK_INTERVAL;
        }
        return tenth.compareTo(LONGEST_CHECK_INTERVAL) > 0 ? LONGEST_CHECK_INTERVAL : tenth;
    }

    /** @return the longest time between two trusted censuses for an absence to count as watched throughout */
    public Duration longestGap() {
        return checkInterval().multipliedBy(1 + CHECKS_THAT_MAY_BE_MISSED);
    }

    /** @return the recovery time */
    public Duration recoveryTime() {
        return recoveryTime;
    }

    /**
     * Records a census taken now.
     *
     * @param workersWithSessions the ids of the workers that have a session open
     * @return the workers now presumed dead, to be unlocked and then {@linkplain #forget forgotten};
     *     they are returned again at each census until forgotten
     */
    public List<String> census(Set<String> workersWithSessions) {
        Instant now = clock.instant();
        if (!workersWithSessions.contains(ownWorkerId)) {
            if (blindSince == null) {
                blindSince = now;
            }
            lastTrustedCensus = null;
            return List.of();
        }
        blindSince = null;
        boolean watchedThroughout = lastTrustedCensus != null
                && Duration.between(lastTrustedCensus, now).compareTo(longestGap()) <= 0;
        lastTrustedCensus = now;
        watched.addAll(workersWithSessions);
        missingSince.keySet().removeAll(workersWithSessions);
        List<String> dead = new ArrayList<>();
        for (String worker : watched) {
            if (workersWithSessions.contains(worker)) {
                continue;
            }
            Instant since = missingSince.get(worker);
            if (since == null || !watchedThroughout) {
                missingSince.put(worker, now);
            } else if (Duration.between(since, now).compareTo(recoveryTime) >= 0) {
                dead.add(worker);
            }
        }
        return dead;
    }

    /**
     * @return whether the lock holders should be looked up and {@linkplain #watchLockHolders watched}:
     *     before the first census, then once per recovery time (a lookup scans the jobs table, and a
     *     worker that died unseen is then freed within twice the recovery time)
     */
    public boolean lockScanDue() {
        return lastLockScan == null || Duration.between(lastLockScan, clock.instant()).compareTo(recoveryTime) >= 0;
    }

    /**
     * Watches the workers that hold locks and promise a session, as if they had been seen alive: their
     * absence is counted from the next census. Ids that promise nothing are ignored.
     *
     * @param lockHolders the ids of workers holding locks on jobs or queues, looked up just now
     */
    public void watchLockHolders(Collection<String> lockHolders) {
        lastLockScan = clock.instant();
        for (String worker : lockHolders) {
            if (WorkerIds.promisesSession(worker)) {
                watched.add(worker);
            }
        }
    }

    /**
     * Stops tracking workers whose jobs were unlocked: a worker presumed dead is not expected back.
     *
     * @param workers the workers to forget
     */
    public void forget(Collection<String> workers) {
        watched.removeAll(workers);
        missingSince.keySet().removeAll(workers);
    }

    /**
     * @return how long this worker has failed to see its own session, or zero when the last census
     *     showed it
     */
    public Duration blindFor() {
        return blindSince == null ? Duration.ZERO : Duration.between(blindSince, clock.instant());
    }
}
