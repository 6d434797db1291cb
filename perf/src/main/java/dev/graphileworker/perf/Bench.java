package dev.graphileworker.perf;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every step works with: the server, the two workers with their template databases, the
 * scale, and where logs go.
 */
final class Bench {

    private final PostgresServer server;
    private final Layout layout;
    private final List<WorkerRuntime> runtimes;
    private final Map<String, String> templates;
    private final Scale scale;
    private final Progress progress;
    private final Path logs;
    private final boolean history;
    private int processes;

    /**
     * @param templates per runtime name, a database with that runtime's schema installed
     * @param logs the folder for this run's process logs
     * @param history whether the throughput step adds a row with history on (runtimes that record it only)
     */
    Bench(PostgresServer server, Layout layout, List<WorkerRuntime> runtimes, Map<String, String> templates,
            Scale scale, Progress progress, Path logs, boolean history) {
        this.server = server;
        this.layout = layout;
        this.runtimes = List.copyOf(runtimes);
        this.templates = Map.copyOf(templates);
        this.scale = scale;
        this.progress = progress;
        this.logs = logs;
        this.history = history;
    }

    /** @return whether the throughput step adds a row with the history of finished jobs on */
    boolean history() {
        return history;
    }

    PostgresServer server() {
        return server;
    }

    Layout layout() {
        return layout;
    }

    /** @return our worker first, then the one it is compared with */
    List<WorkerRuntime> runtimes() {
        return runtimes;
    }

    Scale scale() {
        return scale;
    }

    Progress progress() {
        return progress;
    }

    /** @return a new database with {@code runtime}'s schema installed and no jobs */
    FreshDatabase freshDatabase(WorkerRuntime runtime, String purpose) throws SQLException {
        return server.createDatabase(purpose + "_" + runtime.name(), templates.get(runtime.name()));
    }

    /** @return a log file for the next process of {@code runtime}, numbered so that none is overwritten */
    Path logFor(WorkerRuntime runtime, String purpose) {
        return logFor(runtime.name(), purpose);
    }

    /** @return a log file for the next process {@code who} runs, numbered so that none is overwritten */
    Path logFor(String who, String purpose) {
        processes++;
        return logs.resolve(String.format(Locale.ROOT, "%03d-%s-%s.log", processes, purpose, who));
    }

    /** A generous limit for a worker to get through {@code jobs}, so only a hung worker hits it. */
    static Duration timeoutFor(int jobs) {
        return Duration.ofSeconds(60).plusMillis(jobs * 20L);
    }
}
