package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.RunningWorker;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The domain's worker loop, driven with the in-memory ports. */
class WorkerLoopTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void succeededJobIsDeletedAndItsHandlerSawThePayload() {
        queue.addJob("hello", Map.of("name", "Bobby Tables"), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks("hello", (payload, helpers) -> ran.add(payload.get("name").asText())), queue);

        assertThat(ran).containsExactly("Bobby Tables");
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void logLinesOfAJobCarryWorkerTaskJobAndAttemptInTheMdc() {
        Job added = queue.addJob("hello", null, AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks("hello", (payload, helpers) -> ran.add(
                MDC.get("workerId") + "|" + MDC.get("taskIdentifier") + "|" + MDC.get("jobId")
                        + "|" + helpers.workerId() + "|" + MDC.get("attempt"))), queue);

        String[] mdc = ran.get(0).split("\\|");
        assertThat(mdc[0]).startsWith("worker-").isEqualTo(mdc[3]);
        assertThat(mdc[1]).isEqualTo("hello");
        assertThat(mdc[2]).isEqualTo(Long.toString(added.id()));
        assertThat(mdc[4]).isEqualTo("1");
    }

    @Test
    void failedJobIsRetriedAfterExponentialBackoff() {
        Job added = queue.addJob("flaky", null, AddJobOptions.defaults());
        TaskList tasks = tasks("flaky", (payload, helpers) -> {
            throw new IllegalStateException("boom " + helpers.job().attempts());
        });

        InMemoryWorker.runTaskListOnce(tasks, queue);
        Job afterFirst = queue.job(added.id()).orElseThrow();
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastError()).contains("boom 1");
        assertThat(afterFirst.lockedBy()).isEmpty();
        assertThat(afterFirst.runAt()).isEqualTo(START.plus(seconds(Math.E)));

        clock.advance(Duration.ofSeconds(3));
        InMemoryWorker.runTaskListOnce(tasks, queue);
        Job afterSecond = queue.job(added.id()).orElseThrow();
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(afterSecond.lastError()).contains("boom 2");
        assertThat(afterSecond.runAt()).isEqualTo(START.plusSeconds(3).plus(seconds(Math.E * Math.E)));
    }

    @Test
    void jobWithOneAttemptFailsOnceAndStaysFailed() {
        Job added = queue.addJob("doomed", null, AddJobOptions.defaults().withMaxAttempts(1));
        TaskList tasks = tasks("doomed", (payload, helpers) -> {
            ran.add("doomed");
            throw new IllegalStateException("no");
        });

        InMemoryWorker.runTaskListOnce(tasks, queue);
        clock.advance(Duration.ofDays(1));
        InMemoryWorker.runTaskListOnce(tasks, queue);

        assertThat(ran).hasSize(1);
        Job failed = queue.job(added.id()).orElseThrow();
        assertThat(failed.isPermanentlyFailed()).isTrue();
        assertThat(failed.lastError()).contains("no");
    }

    @Test
    void handlerThrowingAnErrorFailsItsJobAndTheWorkerGoesOn() {
        Job overflowing = queue.addJob("overflow", null, AddJobOptions.defaults().withPriority(1));
        queue.addJob("hello", null, AddJobOptions.defaults().withPriority(2));
        TaskList tasks = TaskList.builder()
                .task("overflow", (payload, helpers) -> {
                    throw new StackOverflowError();
                })
                .task("hello", (payload, helpers) -> ran.add("hello"))
                .build();

        InMemoryWorker.runTaskListOnce(tasks, queue);

        assertThat(ran).containsExactly("hello");
        assertThat(queue.job(overflowing.id()).orElseThrow().lastError()).contains("java.lang.StackOverflowError");
    }

    @Test
    void jobsRunInPriorityOrder() {
        queue.addJob("job", Map.of("n", 5), AddJobOptions.defaults().withPriority(5));
        queue.addJob("job", Map.of("n", 1), AddJobOptions.defaults().withPriority(1));
        queue.addJob("job", Map.of("n", 3), AddJobOptions.defaults().withPriority(3));

        InMemoryWorker.runTaskListOnce(tasks("job", (payload, helpers) -> ran.add(payload.get("n").asText())), queue);

        assertThat(ran).containsExactly("1", "3", "5");
    }

    @Test
    void jobScheduledForLaterDoesNotRunEarly() {
        queue.addJob("later", null, AddJobOptions.defaults().withRunAt(START.plusSeconds(3600)));
        TaskList tasks = tasks("later", (payload, helpers) -> ran.add("later"));

        InMemoryWorker.runTaskListOnce(tasks, queue);
        assertThat(ran).isEmpty();

        clock.advance(Duration.ofSeconds(3600));
        InMemoryWorker.runTaskListOnce(tasks, queue);
        assertThat(ran).containsExactly("later");
    }

    @Test
    void jobOfATaskThisWorkerDoesNotKnowIsLeftAlone() {
        Job foreign = queue.addJob("someone-elses", null, AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks("hello", (payload, helpers) -> ran.add("hello")), queue);

        assertThat(queue.job(foreign.id()).orElseThrow().attempts()).isZero();
    }

    @Test
    void namedQueueRunsOneJobAtATimeInOrderEvenWithConcurrencyEight() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            queue.addJob("serial", Map.of("n", i), AddJobOptions.defaults().withQueueName("one-by-one"));
        }

        InMemoryWorker.runTaskListOnce(tasks("serial", (payload, helpers) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            ran.add(payload.get("n").asText());
            running.decrementAndGet();
        }), queue, 8);

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(ran).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
                "14", "15", "16", "17", "18", "19");
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void runOnceAlsoRunsTheJobsItsJobsAdd() {
        queue.addJob("chain", Map.of("left", 3), AddJobOptions.defaults());
        TaskList tasks = tasks("chain", (payload, helpers) -> {
            int left = payload.get("left").asInt();
            ran.add(Integer.toString(left));
            if (left > 0) {
                helpers.addJob("chain", Map.of("left", left - 1), AddJobOptions.defaults());
            }
        });

        // With two runners, each claim asks for two jobs and finds one; a run once hears of no
        // arrivals, so only a claim after each finished job can find what that job added.
        InMemoryWorker.runTaskListOnce(tasks, queue, 2);

        assertThat(ran).containsExactly("3", "2", "1", "0");
        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void jobsWithoutAQueueRunInParallel() {
        CountDownLatch allStarted = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            queue.addJob("parallel", null, AddJobOptions.defaults());
        }

        // Each job waits for all four to have started: they can only succeed if they run at once.
        InMemoryWorker.runTaskListOnce(tasks("parallel", (payload, helpers) -> {
            allStarted.countDown();
            if (!allStarted.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the jobs did not run in parallel");
            }
        }), queue, 4);

        assertThat(queue.jobs()).isEmpty();
    }

    @Test
    void payloadThatDoesNotFitTheHandlersClassFailsNamingClassAndField() {
        Job added = queue.addJob("typed", Map.of("count", "many"), AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks("typed", TaskHandler.typed(Counter.class, (counter, helpers) -> { })), queue);

        assertThat(queue.job(added.id()).orElseThrow().lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains(Counter.class.getName()).contains("count"));
    }

    @Test
    void stoppingRaisesTheAbortSignalLetsTheRunningJobFinishAndRecordsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        InMemoryJobQueue liveQueue = new InMemoryJobQueue();
        liveQueue.addJob("long", null, AddJobOptions.defaults());
        RunningWorker worker = InMemoryWorker.start(tasks("long", (payload, helpers) -> {
            CountDownLatch aborted = new CountDownLatch(1);
            helpers.abortSignal().onAbort(aborted::countDown);
            started.countDown();
            if (!aborted.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never asked to stop");
            }
            ran.add("finished after abort");
        }), liveQueue, 2);

        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        worker.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("finished after abort");
        assertThat(liveQueue.jobs()).isEmpty();
    }

    @Test
    void aHungJobTimesOutFreesItsSlotAndAbortsCooperativeCode() throws Exception {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch cooperativeAborted = new CountDownLatch(1);
        Job hung = queue.addJob("hang", null, AddJobOptions.defaults().withPriority(1));
        Job cooperative = queue.addJob("cooperate", null, AddJobOptions.defaults().withPriority(2));
        queue.addJob("quick", null, AddJobOptions.defaults().withPriority(3));
        TaskList tasks = TaskList.builder()
                .task("hang", TaskHandler.withTimeout(Duration.ofMillis(100), (payload, helpers) -> {
                    // Ignores the abort signal and the interrupt: only the timeout frees the slot.
                    while (neverReleased.getCount() > 0) {
                        try {
                            neverReleased.await();
                        } catch (InterruptedException ignored) {
                            // A stubborn handler.
                        }
                    }
                }))
                .task("cooperate", TaskHandler.withTimeout(Duration.ofMillis(100), (payload, helpers) -> {
                    helpers.abortSignal().onAbort(cooperativeAborted::countDown);
                    cooperativeAborted.await(60, TimeUnit.SECONDS);
                }))
                .task("quick", (payload, helpers) -> ran.add("quick"))
                .build();

        try {
            // One slot: the quick job can only run once the two others gave theirs up.
            InMemoryWorker.runTaskListOnce(tasks, queue);
        } finally {
            neverReleased.countDown();
        }

        assertThat(ran).containsExactly("quick");
        assertThat(cooperativeAborted.getCount()).isZero();
        assertThat(queue.job(hung.id()).orElseThrow().lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("Task timed out after 100 ms"));
        assertThat(queue.job(cooperative.id()).orElseThrow().lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("Task timed out after 100 ms"));
    }

    @Test
    void helpersNameTheJobsQueue() {
        queue.addJob("where", null, AddJobOptions.defaults().withQueueName("emails"));
        queue.addJob("where", null, AddJobOptions.defaults());

        InMemoryWorker.runTaskListOnce(tasks("where", (payload, helpers) ->
                ran.add(helpers.queueName().orElse("no queue"))), queue);

        assertThat(ran).containsExactlyInAnyOrder("emails", "no queue");
    }

    @Test
    void asyncHandlerSucceedsOrFailsWithItsStage() {
        Job succeeding = queue.addJob("fetch", Map.of("ok", true), AddJobOptions.defaults());
        Job failing = queue.addJob("fetch", Map.of("ok", false), AddJobOptions.defaults());
        TaskHandler fetch = TaskHandler.async((payload, helpers) -> payload.get("ok").asBoolean()
                ? CompletableFuture.supplyAsync(() -> ran.add("fetched " + helpers.job().id()))
                : CompletableFuture.failedFuture(new IllegalStateException("upstream said 503")));

        InMemoryWorker.runTaskListOnce(tasks("fetch", fetch), queue);

        assertThat(ran).containsExactly("fetched " + succeeding.id());
        assertThat(queue.job(succeeding.id())).isEmpty();
        assertThat(queue.job(failing.id()).orElseThrow().lastError()).hasValueSatisfying(error ->
                assertThat(error).contains("upstream said 503").doesNotContain("ExecutionException"));
    }

    @Test
    void stoppingCancelsAPendingAsyncStageAndTheJobIsRetried() throws Exception {
        CompletableFuture<Void> neverCompletes = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        InMemoryJobQueue liveQueue = new InMemoryJobQueue();
        Job added = liveQueue.addJob("wait", null, AddJobOptions.defaults());
        RunningWorker worker = InMemoryWorker.start(tasks("wait", TaskHandler.async((payload, helpers) -> {
            started.countDown();
            return neverCompletes;
        })), liveQueue, 1);

        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        worker.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(neverCompletes).isCancelled();
        assertThat(liveQueue.job(added.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(liveQueue.job(added.id()).orElseThrow().lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("Cancelled because the worker is stopping"));
    }

    @Test
    void runningWorkerIsWokenByAnAddedJob() throws Exception {
        CountDownLatch ranJob = new CountDownLatch(1);
        InMemoryJobQueue liveQueue = new InMemoryJobQueue();
        try (RunningWorker worker = InMemoryWorker.start(tasks("hello", (payload, helpers) -> ranJob.countDown()),
                liveQueue, 1)) {
            worker.addJob("hello", null, AddJobOptions.defaults());

            assertThat(ranJob.await(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A payload class for binding. */
    public record Counter(int count) {
    }

    private static TaskList tasks(String identifier, TaskHandler handler) {
        return TaskList.builder().task(identifier, handler).build();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
