package dev.graphileworker.perf.tasks;

import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.spi.TaskProvider;
import java.time.Instant;

/**
 * The harness's tasks for our worker, loaded from a jar in its task folder. The Node.js worker runs
 * tasks of the same names and behaviour from perf/node/tasks.
 *
 * <ul>
 *   <li>{@code noop}: nothing at all, so a throughput figure is the worker's own cost per job.
 *   <li>{@code latency}: takes the wall clock first thing, then reports {@code sample:micros} on the
 *       channel {@code perf_latency}, where micros is the time since {@code sentAtMicros}, the wall
 *       clock the harness read just before {@code add_job} (same machine, same clock).
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
                    long startedMicros = epochMicros(Instant.now());
                    long latencyMicros = startedMicros - payload.path("sentAtMicros").asLong();
                    helpers.query("select pg_notify('perf_latency', ?)",
                            payload.path("sample").asInt() + ":" + latencyMicros);
                })
                .task("mark", (payload, helpers) ->
                        helpers.query("select pg_notify('perf_mark', ?)", payload.path("name").asText()))
                .build();
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
