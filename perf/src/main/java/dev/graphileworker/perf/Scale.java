package dev.graphileworker.perf;

import java.util.List;

/**
 * How much each step does, and how often.
 *
 * @param runs runs per figure (its median is reported)
 * @param largeRuns runs per figure of the 200,000- and 1,000,000-job measurements
 * @param bulk the throughput step's queue lengths, each with the concurrencies it runs at
 * @param crowd the throughput step's row with several worker processes at once
 * @param latencyWarmUp latency samples taken and discarded first
 * @param latencySamples latency samples measured
 * @param enqueue sizes of the enqueue step
 * @param backlogWindow jobs timed in the backlog step
 * @param backlogDepths jobs waiting in the backlog step
 * @param pgbenchSingleJobs jobs the one-job-per-claim baselines claim
 * @param pgbenchBatchJobs jobs the 100-jobs-per-claim baselines claim
 * @param dashboardJobs jobs in the queue the dashboard step shows
 */
record Scale(int runs, int largeRuns, List<Bulk> bulk, Crowd crowd, int latencyWarmUp,
        int latencySamples, EnqueueStep.Sizes enqueue, int backlogWindow, List<Integer> backlogDepths,
        int pgbenchSingleJobs, int pgbenchBatchJobs, int dashboardJobs) {

    private static final int LARGE = 100_000;

    static Scale full(int runs, int largeRuns) {
        // 200,000 jobs at concurrency 1 would take over ten minutes a run on a small machine; the
        // large queue is there to show the fastest configuration without start-up dominating.
        List<Bulk> bulk = List.of(new Bulk(20_000, List.of(1, 10, 24)), new Bulk(200_000, List.of(24)));
        // Four processes, as the original's perfTest runs them (PARALLELISM), on its queue of 200,000.
        return new Scale(runs, largeRuns, bulk, new Crowd(200_000, 4), 100, 1_000,
                new EnqueueStep.Sizes(5_000, 50, 1_000), 10_000, List.of(10_000, 1_000_000), 20_000, 200_000,
                1_000_000);
    }

    /** A few hundred jobs a step, one run: proves the harness works, measures nothing worth keeping. */
    static Scale smoke() {
        return new Scale(1, 1, List.of(new Bulk(300, List.of(24))), new Crowd(2_000, 4), 10, 50,
                new EnqueueStep.Sizes(100, 2, 1_000), 1_000, List.of(1_000, 3_000), 200, 2_000, 5_000);
    }

    int runsFor(int jobs) {
        return jobs > LARGE ? largeRuns : runs;
    }

    /**
     * A queue length of the throughput step.
     *
     * @param jobs jobs queued
     * @param concurrencies the concurrencies it is run at, each without and with batching
     */
    record Bulk(int jobs, List<Integer> concurrencies) {
    }

    /**
     * A queue emptied by several worker processes started at the same moment, each with a pool of its own.
     *
     * @param jobs jobs queued
     * @param processes worker processes started at once
     */
    record Crowd(int jobs, int processes) {
    }
}
