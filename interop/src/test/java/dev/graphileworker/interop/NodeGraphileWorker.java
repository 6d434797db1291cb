package dev.graphileworker.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One release of the npm graphile-worker, driven through the runner scripts, on one database. */
final class NodeGraphileWorker {

    /**
     * Generous: a script takes well under a second on an idle machine, several on a loaded one; a hung
     * one must not hang the build.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeScripts scripts;
    private final NodeRelease release;
    private final TestDatabase database;

    NodeGraphileWorker(NodeScripts scripts, NodeRelease release, TestDatabase database) {
        this.scripts = scripts;
        this.release = release;
        this.database = database;
    }

    NodeRelease release() {
        return release;
    }

    /** Installs or upgrades the schema, as {@code graphile-worker --schema-only} does. */
    NodeOutput installSchema() throws InterruptedException {
        try (NodeProcess process = scripts.start(database, "install-schema.mjs", releaseOption())) {
            return process.finish(TIMEOUT).assertSucceeded();
        }
    }

    /** @return the ids of the added jobs, in order */
    List<Long> addJobs(List<NodeJob> jobs) throws InterruptedException {
        ArrayNode requests = JSON.createArrayNode();
        jobs.forEach(job -> job.toJson(requests.addObject()));
        NodeOutput output;
        try (NodeProcess process = scripts.start(database, "add-jobs.mjs", releaseOption())) {
            process.send(requests.toString());
            output = process.finish(TIMEOUT).assertSucceeded();
        }
        List<Long> ids = new ArrayList<>();
        try {
            for (JsonNode id : JSON.readTree(output.stdout())) {
                ids.add(id.asLong());
            }
        } catch (IOException e) {
            throw new AssertionError(output.describe("printed no JSON array of ids"), e);
        }
        return ids;
    }

    /** Runs a worker with these tasks until no job is runnable (runOnce). */
    NodeOutput runOnce(Map<String, TaskBehaviour> tasks) throws InterruptedException {
        List<String> arguments = workerArguments(tasks, 1);
        arguments.add("--once");
        try (NodeProcess process = scripts.start(database, "run-worker.mjs", arguments)) {
            return process.finish(TIMEOUT).assertSucceeded();
        }
    }

    /**
     * Starts a worker that runs until its stdin is closed ({@link NodeProcess#closeStdin()}), and
     * waits until it runs.
     */
    NodeProcess start(Map<String, TaskBehaviour> tasks, int concurrency) throws InterruptedException {
        NodeProcess process = scripts.start(database, "run-worker.mjs", workerArguments(tasks, concurrency));
        try {
            process.awaitLine("{\"ready\":true}", TIMEOUT);
            return process;
        } catch (AssertionError | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private List<String> workerArguments(Map<String, TaskBehaviour> tasks, int concurrency) {
        List<String> arguments = releaseOption();
        tasks.forEach((identifier, behaviour) -> {
            arguments.add("--task");
            arguments.add(identifier + "=" + behaviour.option());
        });
        arguments.add("--concurrency");
        arguments.add(String.valueOf(concurrency));
        return arguments;
    }

    private List<String> releaseOption() {
        return new ArrayList<>(List.of("--release", release.option()));
    }
}
