package dev.graphileworker.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One folder of executable tasks serves both commands: the npm package's {@code graphile-worker}
 * and ours run the same script with the same input and environment.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SharedTaskFolderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();
    @TempDir
    Path folder;

    SharedTaskFolderTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void bothCommandsRunTheSameExecutableTaskWithTheSameProtocol() throws Exception {
        Path runs = folder.resolve("runs.txt");
        Path script = Files.createDirectories(folder.resolve("tasks")).resolve("record.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$GRAPHILE_WORKER_TASK_IDENTIFIER $GRAPHILE_WORKER_JOB_ID $GRAPHILE_WORKER_JOB_ATTEMPTS"
                + " $GRAPHILE_WORKER_JOB_MAX_ATTEMPTS $GRAPHILE_WORKER_JOB_PRIORITY $GRAPHILE_WORKER_JOB_KEY"
                + " $GRAPHILE_WORKER_PAYLOAD_FORMAT $(cat)\" >> '" + runs + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        JavaWorker.installSchema(database);

        long forNode = addJob("node");
        NodeOutput nodeRun = node.startCommand(NodeRelease.V0_18, database, folder, List.of("--once"))
                .finish(TIMEOUT);
        assertThat(nodeRun.exitCode()).as(nodeRun.describe("failed")).isZero();
        long forJava = addJob("java");
        runOurCommand("--once");

        assertThat(Files.readAllLines(runs)).containsExactly(
                "record " + forNode + " 1 5 -2 key-node json {\"payload\":{\"runtime\":\"node\",\"n\":[1,\"é\"]}}",
                "record " + forJava + " 1 5 -2 key-java json {\"payload\":{\"runtime\":\"java\",\"n\":[1,\"é\"]}}");
        assertThat(database.count("select count(*) from graphile_worker.jobs")).isZero();
    }

    private long addJob(String runtime) throws Exception {
        // The payload column is json, not jsonb: its text, key order included, reaches the task as written.
        JsonNode payload = new ObjectMapper().readTree("{\"runtime\":\"" + runtime + "\",\"n\":[1,\"é\"]}");
        try (WorkerUtils utils = JavaWorker.utils(database)) {
            Job job = utils.addJob("record", payload,
                    AddJobOptions.defaults().withJobKey("key-" + runtime).withPriority(-2).withMaxAttempts(5));
            return job.id();
        }
    }

    private void runOurCommand(String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(node.javaCommand().toString()).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(folder.resolve("java.log").toFile());
        builder.command().addAll(List.of(arguments));
        builder.environment().put("DATABASE_URL", database.connectionString());
        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String log = Files.readString(folder.resolve("java.log"));
        assertThat(exited).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
    }
}
