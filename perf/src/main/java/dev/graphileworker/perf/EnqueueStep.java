package dev.graphileworker.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * (4) Enqueueing through each runtime's client library, from a process of its own as an application
 * would: {@code addJob} one at a time (one connection, one job per round trip), then
 * {@code addJobs} in batches. See {@link JavaEnqueue} and perf/node/enqueue.mjs.
 */
final class EnqueueStep implements Step {

    /** Both clients first add this many jobs one at a time, and one batch, untimed. */
    private static final int WARM_UP_SINGLE_JOBS = 100;

    /**
     * @param singleJobs jobs added one at a time
     * @param batches batches added
     * @param batchSize jobs per batch
     */
    record Sizes(int singleJobs, int batches, int batchSize) {
    }

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String name() {
        return "enqueue";
    }

    @Override
    public void run(Bench bench, Results results) throws Exception {
        Sizes sizes = bench.scale().enqueue();
        Measure single = Measure.higherIsBetter("(4) enqueue",
                String.format(Locale.ROOT, "addJob one at a time, %,d jobs", sizes.singleJobs()), "jobs/s");
        Measure batched = Measure.higherIsBetter("(4) enqueue", String.format(Locale.ROOT,
                "addJobs, %,d batches of %,d", sizes.batches(), sizes.batchSize()), "jobs/s");
        for (int run = 1; run <= bench.scale().runs(); run++) {
            for (WorkerRuntime runtime : bench.runtimes()) {
                try (FreshDatabase database = bench.freshDatabase(runtime, "enqueue")) {
                    Path log = bench.logFor(runtime, "enqueue");
                    try (ChildProcess client = ChildProcess.start(runtime.enqueueCommand(database, sizes), log)) {
                        client.awaitSuccess(Bench.timeoutFor(sizes.singleJobs() + sizes.batches() * sizes.batchSize()));
                    }
                    long expected = WARM_UP_SINGLE_JOBS + sizes.singleJobs()
                            + (sizes.batches() + 1L) * sizes.batchSize();
                    if (database.countJobs() != expected) {
                        throw new HarnessFailure(runtime.name() + " enqueued " + database.countJobs() + " jobs, not "
                                + expected + "; see " + log);
                    }
                    JsonNode figures = lastJsonLine(log);
                    results.add(single, runtime.name(), figures.path("singleJobsPerSecond").asDouble());
                    results.add(batched, runtime.name(), figures.path("batchedJobsPerSecond").asDouble());
                    bench.progress().say("(4) enqueue, %s run %d: addJob %,.0f jobs/s, addJobs %,.0f jobs/s",
                            runtime.name(), run, figures.path("singleJobsPerSecond").asDouble(),
                            figures.path("batchedJobsPerSecond").asDouble());
                }
            }
        }
    }

    private JsonNode lastJsonLine(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return json.readTree(lines.get(i));
            }
        }
        throw new HarnessFailure("the enqueue client printed no figures; see " + log);
    }
}
