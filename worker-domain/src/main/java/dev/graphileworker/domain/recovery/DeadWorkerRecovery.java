package dev.graphileworker.domain.recovery;

import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.OutageLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the jobs of dead workers soon after they die, on a thread of its own: takes a census of the
 * workers' sessions every {@link DeadWorkerDetector#checkInterval()} (and looks up who holds locks
 * when the detector asks for it), and unlocks the jobs and queues of each worker its
 * {@link DeadWorkerDetector} presumes dead, logging each one that held any.
 * Failures are logged once per outage and never stop the worker; the four-hour lock sweep goes on
 * regardless.
 */
public final class DeadWorkerRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DeadWorkerRecovery.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final DeadWorkerDetector detector;
    private final WorkerSessions sessions;
    private final String threadName;
    private final OutageLog censusOutage = new OutageLog(LOG, "list the workers' sessions for dead worker recovery");
    private final OutageLog lockScanOutage = new OutageLog(LOG, "look up the workers holding locks for dead worker recovery");
    private final OutageLog unlockOutage = new OutageLog(LOG, "unlock the jobs of a dead worker");
    private ScheduledExecutorService scheduler;
    private boolean stopped;
    /** Whether the warning that this worker cannot see its own session was logged. Recovery thread only. */
    private boolean blindnessReported;

    /**
     * @param detector decides who is dead
     * @param sessions where sessions are listed and jobs unlocked
     * @param threadName the name of the recovery thread
     */
    public DeadWorkerRecovery(DeadWorkerDetector detector, WorkerSessions sessions, String threadName) {
        this.detector = detector;
        this.sessions = sessions;
        this.threadName = threadName;
    }

    /** Starts the censuses on a new thread. Does nothing once started or stopped. */
    public synchronized void start() {
        if (scheduler != null || stopped) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, threadName));
        long interval = detector.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("Dead worker recovery started: a worker seen without any session for {} s is presumed dead",
                detector.recoveryTime().toSeconds());
    }

    /** Stops the censuses and waits (a while) for one in progress. Safe to call more than once, or without start. */
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            stopped = true;
            running = scheduler;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Dead worker recovery {} did not stop within {} s", threadName, STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One census, and the unlocking it calls for; run on the recovery thread, or by tests on theirs. */
    void check() {
        if (detector.lockScanDue()) {
            watchLockHolders();
        }
        Set<String> workersWithSessions;
        try {
            workersWithSessions = sessions.workersWithOpenSessions();
            censusOutage.succeeded();
        } catch (RuntimeException e) {
            // The detector sees the missed census as a gap and restarts its clocks.
            censusOutage.failed(e);
            return;
        }
        List<String> dead = detector.census(workersWithSessions);
        reportBlindness();
        for (String worker : dead) {
            unlock(worker);
        }
    }

    private void watchLockHolders() {
        try {
            detector.watchLockHolders(sessions.lockHolders());
            lockScanOutage.succeeded();
        } catch (RuntimeException e) {
            // Due again at the next check; the workers already watched are watched regardless.
            lockScanOutage.failed(e);
        }
    }

    private void unlock(String worker) {
        int freed;
        try {
            freed = sessions.forceUnlock(worker);
            unlockOutage.succeeded();
        } catch (RuntimeException e) {
            unlockOutage.failed(e);
            return;
        }
        detector.forget(List.of(worker));
        if (freed > 0) {
            LOG.warn("Worker {} is presumed dead: it has had no database session for {} s. Unlocked its {} jobs "
                    + "and its queues; they will run again", worker, detector.recoveryTime().toSeconds(), freed);
        } else {
            LOG.debug("Worker {} has had no session for {} s and holds no jobs: it stopped, or another worker "
                    + "freed its jobs first", worker, detector.recoveryTime().toSeconds());
        }
    }

    private void reportBlindness() {
        Duration blindFor = detector.blindFor();
        if (blindFor.isZero()) {
            if (blindnessReported) {
                LOG.info("Dead worker recovery sees this worker's session again and is back at work");
                blindnessReported = false;
            }
        } else if (!blindnessReported && blindFor.compareTo(detector.recoveryTime()) >= 0) {
            LOG.warn("Dead worker recovery is paused: for {} s this worker has not seen its own database session "
                    + "among the workers' sessions (the listening connection may be down, or a connection pooler "
                    + "hides sessions). No worker is presumed dead meanwhile; the four-hour lock timeout still "
                    + "frees abandoned jobs", blindFor.toSeconds());
            blindnessReported = true;
        }
    }
}
