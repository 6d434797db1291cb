package dev.graphileworker.perf.tasks;

import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.spi.TaskProvider;

/**
 * The harness's tasks for our worker, loaded from a jar in its task folder. The Node.js worker runs
 * tasks of the same names and behaviour from perf/node/tasks.
 *
 * <ul>
 *   <li>{@code noop}: nothing at all, so a throughput figure is the worker's own cost per job.
 *   <li>{@code latency}: reads the monotonic clock first thing, then reports {@code sample:micros} on
 *       the channel {@code perf_latency}, where micros is the time since {@code sentAtNanos}, the
 *       harness's {@code System.nanoTime()} just before {@code add_job} (on Linux, one clock for every
 *       process of the machine).
 *   <li>{@code mark}: reports its payload's {@code name} on the channel {@code perf_mark}, so the
 *       harness can time a stretch of a long queue.
 * </ul>
 */
public final class PerfTasks implements TaskProvider {

    @Override
    public TaskList tasks() {
        return TaskList.builder()
                .task("noop", (payload, helpers) -> {
                })
                .task("latency", (payload, helpers) -> {
                    long latencyMicros = (System.nanoTime() - payload.path("sentAtNanos").asLong()) / 1_000;
                    helpers.query("select pg_notify('perf_latency', ?)",
                            payload.path("sample").asInt() + ":" + latencyMicros);
                })
                .task("mark", (payload, helpers) ->
                        helpers.query("select pg_notify('perf_mark', ?)", payload.path("name").asText()))
                .build();
    }
}
