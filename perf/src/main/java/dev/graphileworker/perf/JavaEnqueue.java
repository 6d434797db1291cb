package dev.graphileworker.perf;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Our side of the enqueue step, in a JVM of its own as an application would be: {@link WorkerUtils}
 * adds jobs one at a time, then in batches; the same work as perf/node/enqueue.mjs.
 *
 * <p>Arguments: URI, jobs to add one at a time, batches, jobs per batch. Prints
 * {@code {"singleJobsPerSecond":...,"batchedJobsPerSecond":...}}.
 */
public final class JavaEnqueue {

    private static final int WARM_UP_JOBS = 100;
    private static final int WARM_UP_BATCHES = 1;

    private JavaEnqueue() {
    }

    public static void main(String[] args) {
        String uri = args[0];
        int singleJobs = Integer.parseInt(args[1]);
        int batches = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        WorkerOptions options = WorkerOptions.builder().connectionString(uri).maxPoolSize(2).build();
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            addSingles(utils, WARM_UP_JOBS);
            long start = System.nanoTime();
            addSingles(utils, singleJobs);
            double singlePerSecond = singleJobs / seconds(System.nanoTime() - start);

            List<JobSpec> batch = IntStream.range(0, batchSize)
                    .mapToObj(id -> JobSpec.of("noop", Map.of("id", id))).toList();
            addBatches(utils, batch, WARM_UP_BATCHES);
            start = System.nanoTime();
            addBatches(utils, batch, batches);
            double batchedPerSecond = (double) batches * batchSize / seconds(System.nanoTime() - start);
            System.out.println("{\"singleJobsPerSecond\":" + singlePerSecond
                    + ",\"batchedJobsPerSecond\":" + batchedPerSecond + "}");
        }
    }

    private static void addSingles(WorkerUtils utils, int count) {
        for (int id = 0; id < count; id++) {
            utils.addJob("noop", Map.of("id", id));
        }
    }

    private static void addBatches(WorkerUtils utils, List<JobSpec> batch, int count) {
        for (int i = 0; i < count; i++) {
            utils.addJobs(batch, false);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
