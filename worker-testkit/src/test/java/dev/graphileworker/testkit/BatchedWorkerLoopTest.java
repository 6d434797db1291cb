package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.RescheduleOptions;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.port.JobStore;
import dev.graphileworker.domain.worker.Batching;
import dev.graphileworker.domain.worker.Worker;
import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.domain.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker loop with a local queue kept full (whatever the pace) and results written in batches,
 * driven with the in-memory ports.
 */
@Timeout(300)
class BatchedWorkerLoopTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration NEVER = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final RecordingStore store = new RecordingStore(queue);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void resultsOfQuickJobsClaimedTogetherAreWrittenInOneStatement() {
        for (int i = 0; i < 10; i++) {
            queue.addJob("quick", Map.of("n", i), AddJobOptions.defaults());
        }

        worker(tasks("quick", (payload, helpers) -> ran.add(payload.get("n").asText())), 1,
                fullLocalQueue(100, 100, NEVER)).runOnce();

        assertThat(ran).hasSize(10);
        assertThat(queue.jobs()).isEmpty();
        assertThat(store.completions).hasSize(1);
        assertThat(store.completions.get(0)).hasSize(10);
    }

    @Test
    void noStatementWritesMoreResultsThanTheBatchSize() {
        for (int i = 0; i < 10; i++) {
            queue.addJob("quick", null, AddJobOptions.defaults());
        }

        worker(tasks("quick", (payload, helpers) -> { }), 1, fullLocalQueue(100, 4, NEVER)).runOnce();

        assertThat(queue.jobs()).isEmpty();
        assertThat(store.completions).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
        assertThat(store.completions.stream().mapToInt(List::size).sum()).isEqualTo(10);
    }

    @Test
    void loneResultIsWrittenAtOnceThoughTheBatchDelayIsLong() throws Exception {
        Worker worker = worker(tasks("hello", (payload, helpers) -> ran.add("hello")), 4,
                fullLocalQueue(100, 100, NEVER)).start();
        try {
            Job added = worker.addJob("hello", null, AddJobOptions.defaults());

            // Nothing else is running or waiting, so nothing could join the batch: waiting the hour
            // of the batch delay would only keep the job locked.
            Poll.until("the job is settled", () -> queue.job(added.id()).isEmpty());
            assertThat(ran).containsExactly("hello");
        } finally {
            worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void jobsThatFinishTogetherAreAllWrittenAtOnceThoughTheBatchDelayIsLong() throws Exception {
        // Two runners finish at the same moment, round after round; whichever reports last must find the
        // other's result waiting and write both, or that result would wait the hour of the batch delay.
        CyclicBarrier together = new CyclicBarrier(2);
        Worker worker = worker(tasks("pair", (payload, helpers) -> together.await()), 2,
                fullLocalQueue(0, 100, NEVER)).start();
        try {
            for (int round = 1; round <= 50; round++) {
                queue.addJobs(List.of(new JobSpec("pair", null, AddJobOptions.defaults()),
                        new JobSpec("pair", null, AddJobOptions.defaults())), false);
                Poll.until("both jobs of round " + round + " are settled", () -> queue.jobs().isEmpty());
            }
        } finally {
            worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void failuresWrittenTogetherKeepEachJobsOwnErrorAndBackoff() {
        Job fresh = queue.addJob("flaky", Map.of("name", "fresh"), AddJobOptions.defaults());
        Job retried = queue.addJob("flaky", Map.of("name", "retried"), AddJobOptions.defaults());
        // The second job failed once before, so this is its second attempt: a longer back-off.
        queue.rescheduleJobs(List.of(retried.id()), new RescheduleOptions(null, null, 1, null));
        worker(tasks("flaky", (payload, helpers) -> {
            throw new IllegalStateException(payload.get("name").asText() + " failed on attempt "
                    + helpers.job().attempts());
        }), 1, fullLocalQueue(100, 100, NEVER)).runOnce();

        assertThat(store.failures).hasSize(1);
        Job freshAfter = queue.job(fresh.id()).orElseThrow();
        assertThat(freshAfter.lastError()).contains("fresh failed on attempt 1");
        assertThat(freshAfter.runAt()).isEqualTo(START.plus(seconds(Math.E)));
        Job retriedAfter = queue.job(retried.id()).orElseThrow();
        assertThat(retriedAfter.lastError()).contains("retried failed on attempt 2");
        assertThat(retriedAfter.runAt()).isEqualTo(START.plus(seconds(Math.E * Math.E)));
        assertThat(queue.jobs()).allSatisfy(job -> assertThat(job.lockedBy()).isEmpty());
    }

    @Test
    void jobThatWaitedLocallyPastTheTtlIsGivenBackUnstartedUntilASlotFrees() throws Exception {
        CountDownLatch blockerStarted = new CountDownLatch(1);
        CountDownLatch blockerMayFinish = new CountDownLatch(1);
        queue.addJob("block", null, AddJobOptions.defaults().withPriority(1));
        Job waiting = queue.addJob("quick", null, AddJobOptions.defaults().withPriority(2));
        TaskList tasks = TaskList.builder()
                .task("block", (payload, helpers) -> {
                    blockerStarted.countDown();
                    blockerMayFinish.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                })
                .task("quick", (payload, helpers) -> ran.add("quick"))
                .build();
        Worker worker = worker(tasks, 1, new Batching(10, Duration.ofMinutes(1), null, 100, Duration.ZERO)).start();
        try {
            assertThat(blockerStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(queue.job(waiting.id()).orElseThrow().lockedBy()).contains(worker.workerId());

            clock.advance(Duration.ofMinutes(2));

            // The worker notices at its next poll.
            Poll.until("the waiting job is given back",
                    () -> queue.job(waiting.id()).orElseThrow().lockedBy().isEmpty());
            assertThat(queue.job(waiting.id()).orElseThrow().attempts()).isZero();
            assertThat(ran).isEmpty();

            blockerMayFinish.countDown();
            Poll.until("every job is settled", () -> queue.jobs().isEmpty());
            assertThat(ran).containsExactly("quick");
        } finally {
            blockerMayFinish.countDown();
            worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingGivesBackJobsWaitingLocallyAndWritesThePendingResults() throws Exception {
        CountDownLatch blockerStarted = new CountDownLatch(1);
        Job quick = queue.addJob("quick", null, AddJobOptions.defaults().withPriority(1));
        Job blocker = queue.addJob("block", null, AddJobOptions.defaults().withPriority(2));
        List<Job> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(queue.addJob("quick", null, AddJobOptions.defaults().withPriority(3).withQueueName("q" + i)));
        }
        TaskList tasks = TaskList.builder()
                .task("quick", (payload, helpers) -> ran.add("quick"))
                .task("block", (payload, helpers) -> {
                    CountDownLatch aborted = new CountDownLatch(1);
                    helpers.abortSignal().onAbort(aborted::countDown);
                    blockerStarted.countDown();
                    aborted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                })
                .build();
        Worker worker = worker(tasks, 1, fullLocalQueue(10, 100, NEVER)).start();

        assertThat(blockerStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // The quick job ran first; its result waits for the batch while other jobs are held.
        assertThat(ran).containsExactly("quick");
        assertThat(queue.job(quick.id())).isPresent();
        assertThat(queue.queues()).allSatisfy(q -> assertThat(q.lockedBy()).isEqualTo(worker.workerId()));

        worker.stop().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(queue.job(quick.id())).isEmpty();
        assertThat(queue.job(blocker.id())).isEmpty();
        assertThat(queue.jobs()).extracting(Job::id).containsExactlyElementsOf(waiting.stream().map(Job::id).toList());
        assertThat(queue.jobs()).allSatisfy(job -> {
            assertThat(job.lockedBy()).isEmpty();
            assertThat(job.attempts()).isZero();
        });
        assertThat(queue.queues()).allSatisfy(q -> assertThat(q.lockedBy()).isNull());
    }

    @Test
    void namedQueuesStaySerialInOrderWithLocalQueuesAcrossSeveralWorkers() throws Exception {
        int perQueue = 30;
        Map<String, AtomicInteger> runningPerQueue = new ConcurrentHashMap<>();
        Map<String, List<Integer>> orderPerQueue = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        for (int n = 0; n < perQueue; n++) {
            for (int q = 0; q < 3; q++) {
                queue.addJob("job", Map.of("n", n), AddJobOptions.defaults().withQueueName("queue-" + q));
            }
            queue.addJob("job", Map.of("n", n), AddJobOptions.defaults());
        }
        TaskList tasks = tasks("job", (payload, helpers) -> {
            String name = helpers.job().queueName().orElse(null);
            if (name == null) {
                return;
            }
            if (runningPerQueue.computeIfAbsent(name, q -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            orderPerQueue.computeIfAbsent(name, q -> new CopyOnWriteArrayList<>()).add(payload.get("n").asInt());
            Thread.yield();
            runningPerQueue.get(name).decrementAndGet();
        });

        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(worker(tasks, 4, fullLocalQueue(20, 8, Duration.ofMillis(5))).startOnce());
        }
        for (Worker worker : workers) {
            assertThat(worker.await(DEADLINE)).isTrue();
        }

        assertThat(overlaps.get()).isZero();
        List<Integer> inOrder = IntStream.range(0, perQueue).boxed().toList();
        assertThat(orderPerQueue).hasSize(3).allSatisfy((name, order) -> assertThat(order).isEqualTo(inOrder));
        assertThat(queue.jobs()).isEmpty();
        assertThat(queue.queues()).allSatisfy(q -> assertThat(q.lockedBy()).isNull());
    }

    @Test
    void aClaimUnderWayThatWillFeedTheIdleRunnersIsNotJoinedByAnother() throws Exception {
        for (int i = 0; i < 100; i++) {
            queue.addJob("quick", null, AddJobOptions.defaults());
        }
        CountDownLatch firstRoundDone = new CountDownLatch(12);
        CountDownLatch thirdClaimStarted = new CountDownLatch(1);
        store.beforeClaim = number -> {
            switch (number) {
                case 2 -> {
                    // The first claim (12: two to run, ten ahead) came back full; this one started once
                    // the local queue ran down to a quarter and is at least eight jobs. Held until the
                    // runners have run dry and idle: a claim beside this one would be a small one for
                    // them, and this one will feed them. A third claim would start within moments of
                    // the last job's end; waiting a while for it can only miss it, never see one that
                    // did not start.
                    firstRoundDone.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                    thirdClaimStarted.await(500, TimeUnit.MILLISECONDS);
                }
                case 3 -> thirdClaimStarted.countDown();
                default -> { }
            }
        };

        Worker worker = worker(tasks("quick", (payload, helpers) -> firstRoundDone.countDown()), 2,
                fullLocalQueue(10, 100, NEVER)).startOnce();

        assertThat(worker.await(DEADLINE.multipliedBy(2))).isTrue();
        assertThat(store.mostClaimsAtOnce.get()).isEqualTo(1);
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void whenRunnersFreedDuringAClaimOutnumberWhatItBringsASecondClaimStartsBesideIt() throws Exception {
        // Four slow jobs first (a higher priority), then quick ones.
        for (int i = 0; i < 4; i++) {
            queue.addJob("slow", null, AddJobOptions.defaults().withPriority(-1));
        }
        for (int i = 0; i < 100; i++) {
            queue.addJob("quick", null, AddJobOptions.defaults());
        }
        CountDownLatch secondClaimStarted = new CountDownLatch(1);
        CountDownLatch thirdClaimStarted = new CountDownLatch(1);
        store.beforeClaim = number -> {
            switch (number) {
                case 2 -> {
                    secondClaimStarted.countDown();
                    thirdClaimStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                }
                case 3 -> thirdClaimStarted.countDown();
                default -> { }
            }
        };
        // The first claim takes the four slow jobs and one quick one (a local queue of one). One slow
        // job ends at once; its runner takes the quick one, and the empty local queue starts a second
        // claim of one or two. The other slow jobs end while it is held: four runners then wait for
        // what it brings, so a third claim must start beside it.
        AtomicInteger slowStarted = new AtomicInteger();
        TaskList tasks = TaskList.builder()
                .task("slow", (payload, helpers) -> {
                    if (slowStarted.incrementAndGet() > 1) {
                        secondClaimStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                })
                .task("quick", (payload, helpers) -> { })
                .build();

        Worker worker = worker(tasks, 4, fullLocalQueue(1, 100, NEVER)).startOnce();

        assertThat(worker.await(DEADLINE.multipliedBy(2))).isTrue();
        assertThat(store.mostClaimsAtOnce.get()).isEqualTo(Batching.CLAIM_STREAMS);
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void runOnceEndsWhenTheLastResultIsWrittenBeforeItsRunnerReportsTheJobFinished() throws Exception {
        // With results written one at a time, the runner writes its job's result before it reports
        // the job finished; when that report is the last change, it must still end the run.
        for (int round = 0; round < 200; round++) {
            queue.addJob("quick", null, AddJobOptions.defaults());

            Worker worker = worker(tasks("quick", (payload, helpers) -> { }), 2,
                    fullLocalQueue(0, 1, Duration.ZERO)).startOnce();

            assertThat(worker.await(Duration.ofSeconds(5))).as("round %d ended", round).isTrue();
            assertThat(queue.jobs()).isEmpty();
        }
    }

    /** A local queue kept full whatever the pace, so that tests know which jobs wait locally. */
    private static Batching fullLocalQueue(int localQueueSize, int batchSize, Duration batchDelay) {
        return new Batching(localQueueSize, Duration.ofMinutes(10), null, batchSize, batchDelay);
    }

    private Worker worker(TaskList tasks, int concurrency, Batching batching) {
        WorkerSettings settings = new WorkerSettings(WorkerIds.newPlain(), concurrency,
                Duration.ofMillis(200), tasks, Set.of(), Duration.ZERO, batching);
        return InMemoryWorker.worker(settings, store, queue, clock);
    }

    private static TaskList tasks(String identifier, TaskHandler handler) {
        return TaskList.builder().task(identifier, handler).build();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The queue as the worker's store, recording each statement that writes results. */
    private static final class RecordingStore implements JobStore {
        final List<List<Long>> completions = new CopyOnWriteArrayList<>();
        final List<List<JobFailure>> failures = new CopyOnWriteArrayList<>();
        /** The most claims under way at once. */
        final AtomicInteger mostClaimsAtOnce = new AtomicInteger();
        /** Runs as each claim starts, given its number (from 1); may wait. */
        volatile ClaimStart beforeClaim = number -> { };
        private final AtomicInteger claims = new AtomicInteger();
        private final AtomicInteger claimsUnderWay = new AtomicInteger();
        private final InMemoryJobQueue queue;

        RecordingStore(InMemoryJobQueue queue) {
            this.queue = queue;
        }

        @Override
        public List<JobRow> claimJobs(String workerId, Set<String> taskIdentifiers, Set<String> forbiddenFlags,
                int limit) {
            mostClaimsAtOnce.accumulateAndGet(claimsUnderWay.incrementAndGet(), Math::max);
            try {
                beforeClaim.started(claims.incrementAndGet());
                return queue.claimJobs(workerId, taskIdentifiers, forbiddenFlags, limit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                claimsUnderWay.decrementAndGet();
            }
        }

        @Override
        public void completeJobs(String workerId, Collection<Long> jobIds) {
            completions.add(List.copyOf(jobIds));
            queue.completeJobs(workerId, jobIds);
        }

        @Override
        public void failJobs(String workerId, Collection<JobFailure> jobFailures) {
            failures.add(List.copyOf(jobFailures));
            queue.failJobs(workerId, jobFailures);
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

    @FunctionalInterface
    private interface ClaimStart {
        void started(int number) throws InterruptedException;
    }
}
