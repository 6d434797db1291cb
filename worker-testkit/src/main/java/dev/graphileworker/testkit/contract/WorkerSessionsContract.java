package dev.graphileworker.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.domain.port.JobArrivals;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.port.WorkerSessions;
import dev.graphileworker.domain.worker.WorkerIds;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkerSessions} must do for dead worker recovery: list the workers whose sessions
 * are open, find the workers that promise a session and hold locks, and unlock a dead worker's jobs
 * and queues exactly as graphile-worker's {@code force_unlock_workers} does, announcing them. An
 * adapter's test extends this class and says how to make fresh ports and how a worker's session is
 * opened.
 */
public abstract class WorkerSessionsContract {

    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(60);

    private Ports ports;

    /**
     * The port under test and the queue it looks at.
     *
     * @param sessions the port under test
     * @param store claims jobs, to lock them to a worker
     * @param admin adds jobs
     * @param arrivals where freed jobs are announced
     * @param jobs every job in the queue, ordered by id
     * @param sessionOpener opens a session of the worker with the given id, as a running worker holds one
     */
    public record Ports(WorkerSessions sessions, JobStore store, JobAdmin admin, JobArrivals arrivals,
            Supplier<List<Job>> jobs, SessionOpener sessionOpener) {
    }

    /** Opens the session a running worker holds; closing it is what the worker's death does. */
    @FunctionalInterface
    public interface SessionOpener {
        /**
         * @param workerId the worker's id
         * @return the open session
         * @throws Exception when it cannot be opened
         */
        AutoCloseable open(String workerId) throws Exception;
    }

    /** @return fresh ports over an empty queue with no session open, for one test; called before each test */
    protected abstract Ports createPorts();

    @BeforeEach
    final void createFreshPorts() {
        ports = createPorts();
    }

    @Test
    void censusListsTheWorkersWhoseSessionsAreOpen() throws Exception {
        String alive = WorkerIds.newSessionHolder();
        String dead = WorkerIds.newSessionHolder();
        try (AutoCloseable aliveSession = ports.sessionOpener().open(alive)) {
            AutoCloseable deadSession = ports.sessionOpener().open(dead);
            assertThat(ports.sessions().workersWithOpenSessions()).contains(alive, dead);

            deadSession.close();

            // A database may take a moment to notice that a client hung up.
            long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
            while (ports.sessions().workersWithOpenSessions().contains(dead) && System.nanoTime() - deadline < 0) {
                Thread.sleep(20); // polling with a deadline, not synchronisation
            }
            assertThat(ports.sessions().workersWithOpenSessions()).contains(alive).doesNotContain(dead);
        }
    }

    @Test
    void lockHoldersAreTheWorkersThatPromiseASessionAndLockAJobOrAQueue() {
        String holdsAJob = WorkerIds.newSessionHolder();
        String holdsAQueuedJob = WorkerIds.newSessionHolder();
        String nodeWorker = WorkerIds.newPlain();
        ports.admin().addJob("plain", null, AddJobOptions.defaults());
        ports.admin().addJob("queued", null, AddJobOptions.defaults().withQueueName("serial"));
        ports.admin().addJob("node", null, AddJobOptions.defaults());
        ports.store().claimJobs(holdsAJob, Set.of("plain"), Set.of(), 5);
        ports.store().claimJobs(holdsAQueuedJob, Set.of("queued"), Set.of(), 5);
        ports.store().claimJobs(nodeWorker, Set.of("node"), Set.of(), 5);

        assertThat(ports.sessions().lockHolders()).containsExactlyInAnyOrder(holdsAJob, holdsAQueuedJob);
    }

    @Test
    void forceUnlockFreesTheWorkersJobsAndQueuesCountsThemAndAnnouncesThem() throws Exception {
        String dead = WorkerIds.newSessionHolder();
        String alive = WorkerIds.newSessionHolder();
        long queued = ports.admin().addJob("task", null, AddJobOptions.defaults().withQueueName("serial")).id();
        long plain = ports.admin().addJob("task", null, AddJobOptions.defaults()).id();
        long others = ports.admin().addJob("other", null, AddJobOptions.defaults()).id();
        ports.store().claimJobs(dead, Set.of("task"), Set.of(), 5);
        ports.store().claimJobs(alive, Set.of("other"), Set.of(), 5);
        CountDownLatch announced = new CountDownLatch(1);

        try (JobArrivals.Subscription ignored = ports.arrivals().subscribe(new JobArrivals.Listener() {
            @Override
            public void jobsArrived() {
                announced.countDown();
            }

            @Override
            public void schemaIncompatible(String reason) {
            }
        })) {
            assertThat(ports.sessions().forceUnlock(dead)).isEqualTo(2);

            assertThat(announced.await(SIGNAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("announced").isTrue();
        }
        assertThat(ports.jobs().get()).filteredOn(job -> job.id() == queued || job.id() == plain)
                .allSatisfy(job -> {
                    assertThat(job.lockedBy()).isEmpty();
                    assertThat(job.attempts()).as("attempts kept").isEqualTo(1);
                });
        assertThat(ports.jobs().get()).filteredOn(job -> job.id() == others)
                .singleElement().satisfies(job -> assertThat(job.lockedBy()).contains(alive));
        // The queue is free again: its next job can be claimed.
        assertThat(ports.store().claimJobs(alive, Set.of("task"), Set.of(), 5)).hasSize(2);
    }

    @Test
    void forceUnlockOfAWorkerHoldingNothingCountsNone() {
        String dead = WorkerIds.newSessionHolder();
        ports.admin().addJob("task", null, AddJobOptions.defaults());
        ports.store().claimJobs(dead, Set.of("task"), Set.of(), 5);
        ports.sessions().forceUnlock(dead);

        assertThat(ports.sessions().forceUnlock(dead)).isZero();
        assertThat(ports.sessions().forceUnlock(WorkerIds.newSessionHolder())).isZero();
    }
}
