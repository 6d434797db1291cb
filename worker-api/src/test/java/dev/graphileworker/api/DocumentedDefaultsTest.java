package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults live in {@link WorkerOptions}; the option tables of the docs repeat them for readers.
 * This keeps the copies true: change a default and this test names the doc rows to change with it.
 */
class DocumentedDefaultsTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void theLibraryOptionsTableShowsTheDefaultsOfWorkerOptions() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("`schema`", "`" + WorkerOptions.DEFAULT_SCHEMA + "`");
        expected.put("`concurrency`", Integer.toString(WorkerOptions.DEFAULT_CONCURRENCY));
        expected.put("`pollInterval`", readable(WorkerOptions.DEFAULT_POLL_INTERVAL));
        expected.put("`maxPoolSize`", Integer.toString(WorkerOptions.DEFAULT_MAX_POOL_SIZE));
        expected.put("`shutdownGracePeriod`", readable(WorkerOptions.DEFAULT_SHUTDOWN_GRACE_PERIOD));
        expected.put("`deadWorkerRecoveryTime`", readable(WorkerOptions.DEFAULT_DEAD_WORKER_RECOVERY_TIME));
        expected.put("`localQueueSize`", Integer.toString(WorkerOptions.DEFAULT_LOCAL_QUEUE_SIZE));
        expected.put("`localQueueTtl`", readable(WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL));
        expected.put("`completionBatchSize`", Integer.toString(WorkerOptions.DEFAULT_COMPLETION_BATCH_SIZE));
        expected.put("`completionBatchDelay`", readable(WorkerOptions.DEFAULT_COMPLETION_BATCH_DELAY));

        assertThat(defaultColumn(DOCS.resolve("library.md"), expected.keySet())).isEqualTo(expected);
    }

    @Test
    void theCommandLineOptionsTableShowsTheDefaultsOfWorkerOptions() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("`-j`, `--jobs N`", Integer.toString(WorkerOptions.DEFAULT_CONCURRENCY));
        expected.put("`-m`, `--max-pool-size N`", Integer.toString(WorkerOptions.DEFAULT_MAX_POOL_SIZE));
        expected.put("`--poll-interval MS`", millis(WorkerOptions.DEFAULT_POLL_INTERVAL));
        expected.put("`--local-queue-size N`", Integer.toString(WorkerOptions.DEFAULT_LOCAL_QUEUE_SIZE));
        expected.put("`--local-queue-ttl MS`", millis(WorkerOptions.DEFAULT_LOCAL_QUEUE_TTL));
        expected.put("`--completion-batch-size N`", Integer.toString(WorkerOptions.DEFAULT_COMPLETION_BATCH_SIZE));
        expected.put("`--completion-batch-delay MS`", millis(WorkerOptions.DEFAULT_COMPLETION_BATCH_DELAY));
        expected.put("`--dead-worker-recovery-time MS`", millis(WorkerOptions.DEFAULT_DEAD_WORKER_RECOVERY_TIME));
        expected.put("`--shutdown-grace-period MS`", millis(WorkerOptions.DEFAULT_SHUTDOWN_GRACE_PERIOD));

        assertThat(defaultColumn(DOCS.resolve("command-line.md"), expected.keySet())).isEqualTo(expected);
    }

    /** The second column of the table rows whose first column is one of {@code options}. */
    private static Map<String, String> defaultColumn(Path page, Iterable<String> options) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String option : options) {
            Files.readAllLines(page).stream()
                    .filter(line -> line.startsWith("| " + option + " |"))
                    .map(line -> line.split("\\|")[2].trim())
                    .findFirst()
                    .ifPresent(value -> found.put(option, value));
        }
        return found;
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
