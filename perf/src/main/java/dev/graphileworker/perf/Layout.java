package dev.graphileworker.perf;

import java.nio.file.Path;

/**
 * Where things are, from the repository's root.
 *
 * @param root the repository
 */
record Layout(Path root) {

    Path ourWorkerCommand() {
        return root.resolve("bin/graphile-worker");
    }

    /** Where {@code mvn package} puts our command's jar and libraries, and its launcher keeps its archive. */
    Path ourLibraries() {
        return root.resolve("worker-cli-adapter/target/lib");
    }

    /** The folder holding the task jar perf/pom.xml builds. */
    Path ourTaskFolder() {
        return root.resolve("perf/target/java-tasks");
    }

    /** The working directory of the Node.js worker: its config, its tasks folder and the enqueue script. */
    Path nodeFolder() {
        return root.resolve("perf/node");
    }

    /** What {@code npx graphile-worker} runs in perf/, started directly so npx's own start-up is not counted. */
    Path nodeWorkerCommand() {
        return root.resolve("perf/node_modules/.bin/graphile-worker");
    }

    Path pgbenchFolder() {
        return root.resolve("perf/pgbench");
    }

    Path logs() {
        return root.resolve("perf/target/logs");
    }

    Path results() {
        return root.resolve("perf/target/results");
    }
}
