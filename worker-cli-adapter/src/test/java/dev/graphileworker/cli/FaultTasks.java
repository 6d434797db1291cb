package dev.graphileworker.cli;

import dev.graphileworker.cli.internal.tasks.TaskJars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Java tasks the fault tests run, compiled into a task jar at test time. {@code record} writes
 * each run to the {@link RunLedger} named by the worker's {@code FAULT_LEDGER} variable, with times
 * from the database's clock, so runs of several processes can be compared: a row when it starts and
 * its end when it ends, so that tests see the runs in flight and can tell that two runs overlapped.
 * {@code record_quickly} writes the row in one statement at the end, starting it at the claim
 * ({@code locked_at}: the claim's transaction start, which may precede the moment its snapshot saw the
 * queue free, so not a start to compare across workers), for tests that run many jobs.
 * {@code record_limited} is {@code record} under another name, for tests that limit one task and
 * not the other. The others misbehave in the ways a handler can.
 */
final class FaultTasks {

    static final String LEDGER_VARIABLE = "FAULT_LEDGER";

    private static final String PROVIDER = "faults.FaultTasks";

    private static final String SOURCE = """
            package faults;

            import com.fasterxml.jackson.databind.JsonNode;
            import dev.graphileworker.api.AbortSignal;
            import dev.graphileworker.api.Job;
            import dev.graphileworker.api.JobHelpers;
            import dev.graphileworker.api.TaskHandler;
            import dev.graphileworker.api.TaskList;
            import dev.graphileworker.api.spi.TaskProvider;
            import java.time.OffsetDateTime;
            import java.time.ZoneOffset;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public final class FaultTasks implements TaskProvider {

                private static final String LEDGER = '"' + System.getenv("FAULT_LEDGER") + '"';

                @Override
                public TaskList tasks() {
                    return TaskList.builder()
                            .task("record", FaultTasks::record)
                            .task("record_quickly", FaultTasks::recordQuickly)
                            .task("record_limited", FaultTasks::record)
                            .task("exhaust_memory", (payload, helpers) -> {
                                long[] beyondAnyHeap = new long[Integer.MAX_VALUE - 8];
                                helpers.logger().info("Allocated {} longs", beyondAnyHeap.length);
                            })
                            .task("overflow_stack", (payload, helpers) -> helpers.logger().info("Depth {}", descend(0)))
                            .task("fail_without_message", (payload, helpers) -> {
                                throw new IllegalStateException();
                            })
                            .task("throw_null", (payload, helpers) -> {
                                throw null;
                            })
                            .task("fail_async_without_message", TaskHandler.async((payload, helpers) ->
                                    CompletableFuture.failedFuture(new RuntimeException())))
                            .build();
                }

                /**
                 * Records the run, naps for payload.sleepMs (until the abort signal, if sooner), records
                 * the end, and fails when the ledger's fails(job, attempt, payload.failPercent) says so.
                 */
                private static void record(JsonNode payload, JobHelpers helpers) throws Exception {
                    Job job = helpers.job();
                    Object run = helpers.query("insert into " + LEDGER + ".runs"
                            + " (job_id, attempt, queue_name, worker_id, pid) values (?, ?, ?, ?, ?) returning id",
                            job.id(), job.attempts(), job.queueName().orElse(null), helpers.workerId(),
                            ProcessHandle.current().pid()).get(0).get("id");
                    boolean aborted = napUnlessAborted(payload.path("sleepMs").asLong(0), helpers.abortSignal());
                    Object outcome = helpers.query("update " + LEDGER + ".runs set ended_at = clock_timestamp(),"
                            + " outcome = case when ? then 'aborted'"
                            + " when " + LEDGER + ".fails(job_id, attempt, ?) then 'failed' else 'succeeded' end"
                            + " where id = ? returning outcome",
                            aborted, payload.path("failPercent").asInt(0), run).get(0).get("outcome");
                    if ("aborted".equals(outcome)) {
                        throw new IllegalStateException("Stopped early: the worker is shutting down");
                    }
                    if ("failed".equals(outcome)) {
                        throw new IllegalStateException("Failed on purpose (job " + job.id() + ", attempt "
                                + job.attempts() + ")");
                    }
                }

                /**
                 * Records the run in one statement at its end, from the claim (locked_at) to now, and fails
                 * when the ledger's fails(job, attempt, payload.failPercent) says so.
                 */
                private static void recordQuickly(JsonNode payload, JobHelpers helpers) throws Exception {
                    Job job = helpers.job();
                    Object outcome = helpers.query("insert into " + LEDGER + ".runs"
                            + " (job_id, attempt, queue_name, worker_id, pid, started_at, ended_at, outcome)"
                            + " values (?, ?, ?, ?, ?, ?, clock_timestamp(), case when " + LEDGER + ".fails(?, ?, ?)"
                            + " then 'failed' else 'succeeded' end) returning outcome",
                            job.id(), job.attempts(), job.queueName().orElse(null), helpers.workerId(),
                            ProcessHandle.current().pid(), OffsetDateTime.ofInstant(job.lockedAt().orElseThrow(),
                            ZoneOffset.UTC), job.id(), job.attempts(), payload.path("failPercent").asInt(0))
                            .get(0).get("outcome");
                    if ("failed".equals(outcome)) {
                        throw new IllegalStateException("Failed on purpose (job " + job.id() + ", attempt "
                                + job.attempts() + ")");
                    }
                }

                private static boolean napUnlessAborted(long millis, AbortSignal signal) throws InterruptedException {
                    CountDownLatch abort = new CountDownLatch(1);
                    try (AbortSignal.Registration registration = signal.onAbort(abort::countDown)) {
                        return abort.await(millis, TimeUnit.MILLISECONDS);
                    }
                }

                private static int descend(int depth) {
                    return descend(depth + 1) + 1;
                }
            }
            """;

    private FaultTasks() {
    }

    /** Writes the jar into {@code tasksFolder}. */
    static void writeJar(Path tasksFolder) throws IOException {
        TaskJars.build(tasksFolder.resolve("faults.jar"), Map.of(PROVIDER, SOURCE), List.of(PROVIDER));
    }
}
