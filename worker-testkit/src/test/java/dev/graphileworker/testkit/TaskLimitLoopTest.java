package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskLimit;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.worker.Batching;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker loop with limited tasks, driven with the in-memory ports. */
@Timeout(120)
class TaskLimitLoopTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
    private final CountingStore store = new CountingStore(queue);

    @Test
    void aLimitedTaskNeverRunsAboveItsLimitWhileOtherTasksRunAlongside() throws Exception {
        for (int i = 0; i < 12; i++) {
            queue.addJob("capped", null, AddJobOptions.defaults());
            queue.addJob("free", null, AddJobOptions.defaults());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger freeRan = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TaskList tasks = TaskList.builder()
                .task("capped", (payload, helpers) -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } finally {
                        running.decrementAndGet();
                    }
                })
                .task("free", (payload, helpers) -> freeRan.incrementAndGet())
                .build();
        RunningWorker worker = worker(tasks, 8, 100, Map.of("capped", limit("capped", 3)), NEVER).start();
        try {
            // The three capped jobs hold three runners; the others run every free job meanwhile.
            Poll.until("every free job ran", () -> freeRan.get() == 12);
            Poll.until("three capped jobs run", () -> running.get() == 3);
            assertThat(lockedJobs("capped")).as("capped jobs held, none claimed ahead").isEqualTo(3);
            release.countDown();
            Poll.until("every job ran", () -> queue.jobs().isEmpty());
        } finally {
            release.countDown();
            worker.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        assertThat(mostRunning.get()).isEqualTo(3);
        assertThat(store.mostLockedOfLimitedTask).as("most capped jobs held at once").isLessThanOrEqualTo(3);
    }

    @Test
    void limitedJobsAreNeverClaimedAheadOfIdleRunners() {
        for (int i = 0; i < 40; i++) {
            queue.addJob("capped", null, AddJobOptions.defaults());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        TaskList tasks = TaskList.builder().task("capped", (payload, helpers) -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
        }).build();

        // A limit above the concurrency: only the runners bound what the worker holds.
        worker(tasks, 2, 100, Map.of("capped", limit("capped", 10)), Duration.ofMillis(100)).runOnce();

        assertThat(queue.jobs()).isEmpty();
        // Two running, and at most two finished whose results are being written; claiming ahead would
        // have taken the whole limit of ten.
        assertThat(store.mostLockedOfLimitedTask).as("most capped jobs held at once").isLessThanOrEqualTo(4);
    }

    @Test
    void theCompletionOfItsOwnLimitedJobWakesTheWorkerWithoutWaitingForAPoll() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.addJob("capped", null, AddJobOptions.defaults());
        }
        AtomicInteger ran = new AtomicInteger();
        TaskList tasks = TaskList.builder().task("capped", (payload, helpers) -> ran.incrementAndGet()).build();
        // Polling every hour: only the worker's own completions can tell it the share is free again.
        RunningWorker worker = worker(tasks, 4, 100, Map.of("capped", limit("capped", 1)), NEVER).start();
        try {
            Poll.until("five capped jobs ran one at a time", () -> ran.get() == 5);
        } finally {
            worker.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullShareDoesNotMakeTheWorkerSpin() throws Exception {
        for (int i = 0; i < 5; i++) {
            queue.addJob("capped", null, AddJobOptions.defaults());
        }
        TaskLimit two = limit("capped", 2);
        // Another worker holds the whole share.
        assertThat(queue.claimLimitedJobs("other-worker", two, Set.of(), 5)).hasSize(2);
        AtomicInteger freeRan = new AtomicInteger();
        TaskList tasks = TaskList.builder()
                .task("capped", (payload, helpers) -> { })
                .task("free", (payload, helpers) -> freeRan.incrementAndGet())
                .build();
        RunningWorker worker = worker(tasks, 4, 100, Map.of("capped", two), NEVER).start();
        try {
            Poll.until("the first claim", () -> store.limitedClaims.get() >= 1);
            for (int i = 1; i <= 3; i++) {
                queue.addJob("free", null, AddJobOptions.defaults());
                int expected = i;
                Poll.until("free job " + i + " ran", () -> freeRan.get() == expected);
            }
            // One limited claim at the start and one per arrival (a few more if runners freed up):
            // a worker spinning on the full share would have made thousands.
            assertThat(store.limitedClaims.get()).isLessThan(20);
            assertThat(lockedJobs("capped")).isEqualTo(2);
        } finally {
            worker.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRateLimitHoldsJobsBackUntilTheWindowPasses() {
        for (int i = 0; i < 5; i++) {
            queue.addJob("sms", null, AddJobOptions.defaults());
        }
        AtomicInteger ran = new AtomicInteger();
        TaskList tasks = TaskList.builder().task("sms", (payload, helpers) -> ran.incrementAndGet()).build();
        TaskLimit twoAnHour = WorkerOptions.builder().connectionString("postgres:///x")
                .taskRateLimit("sms", 2, Duration.ofHours(1)).build().taskLimits().get("sms");

        worker(tasks, 4, 100, Map.of("sms", twoAnHour), Duration.ofMillis(50)).runOnce();

        assertThat(ran.get()).isEqualTo(2);
        assertThat(queue.jobs()).hasSize(3).allSatisfy(job -> assertThat(job.attempts()).isZero());
    }

    private long lockedJobs(String task) {
        return queue.jobs().stream().filter(job -> job.taskIdentifier().equals(task) && job.lockedAt().isPresent())
                .count();
    }

    private static TaskLimit limit(String task, int max) {
        return WorkerOptions.builder().connectionString("postgres:///x").taskConcurrencyLimit(task, max).build()
                .taskLimits().get(task);
    }

    private Worker worker(TaskList tasks, int concurrency, int localQueueSize, Map<String, TaskLimit> limits,
            Duration pollInterval) {
        WorkerSettings settings = new WorkerSettings(WorkerIds.newPlain(), concurrency, pollInterval, tasks, Set.of(),
                Duration.ZERO, new Batching(localQueueSize, Duration.ofMinutes(10), null, 10, Duration.ZERO))
                .withTaskLimits(limits);
        store.limited = limits.keySet();
        return InMemoryWorker.worker(settings, store, queue, Clock.systemUTC());
    }

    /** The queue as the worker's store, counting limited claims and the most jobs of limited tasks held. */
    private static final class CountingStore implements JobStore {
        final AtomicInteger limitedClaims = new AtomicInteger();
        volatile long mostLockedOfLimitedTask;
        volatile Set<String> limited = Set.of();
        private final InMemoryJobQueue queue;

        CountingStore(InMemoryJobQueue queue) {
            this.queue = queue;
        }

        @Override
        public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags,
                int limit) {
            assertThat(taskIdentifiers).as("tasks of the unlimited claim").doesNotContainAnyElementsOf(limited);
            return queue.claimJobs(workerId, taskIdentifiers, forbiddenFlags, limit);
        }

        @Override
        public synchronized List<JobRow> claimLimitedJobs(String workerId, TaskLimit limit, Set<String> forbiddenFlags,
                int wanted) {
            limitedClaims.incrementAndGet();
            List<JobRow> claimed = queue.claimLimitedJobs(workerId, limit, forbiddenFlags, wanted);
            long locked = queue.jobs().stream().filter(job -> job.taskIdentifier().equals(limit.taskIdentifier())
                    && workerId.equals(job.lockedBy().orElse(null))).count();
            mostLockedOfLimitedTask = Math.max(mostLockedOfLimitedTask, locked);
            return claimed;
        }

        @Override
        public void completeJobs(String workerId, Collection<Long> jobIds) {
            queue.completeJobs(workerId, jobIds);
        }

        @Override
        public void failJobs(String workerId, Collection<JobFailure> failures) {
            queue.failJobs(workerId, failures);
        }

        @Override
        public void releaseJobs(String workerId, Collection<Long> jobIds) {
            queue.releaseJobs(workerId, jobIds);
        }

        @Override
        public int releaseStaleLocks() {
            return queue.releaseStaleLocks();
        }
    }
}
