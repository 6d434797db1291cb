package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.PostgresDatabaseExtension;
import dev.graphileworker.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as users run it: {@code bin/graphile-worker} in a process of its own, against a real
 * PostgreSQL. Each test uses a schema of its own in the class's database.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class GraphileWorkerCommandIT {

    private final TestDatabase database;
    @TempDir
    Path workingDirectory;
    private String schema;

    GraphileWorkerCommandIT(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void useASchemaOfThisTestsOwn(TestInfo test) {
        schema = "cli_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
    }

    @Test
    void schemaOnlyInstallsTheSchemaAndExits() throws Exception {
        CommandProcess command = run("--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(count("select count(*) from \"" + schema + "\".migrations")).isEqualTo(20);
    }

    @Test
    void connectionFromDatabaseUrlIsUsed() throws Exception {
        CommandProcess command = CommandProcess.run(workingDirectory,
                Map.of("DATABASE_URL", database.connectionString(), "GRAPHILE_WORKER_SCHEMA", schema),
                "--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(count("select count(*) from \"" + schema + "\".migrations")).isEqualTo(20);
    }

    @Test
    void badOptionsAreExplainedOnOneLineWithExitStatusTwo() throws Exception {
        CommandProcess together = run("--schema-only", "--once");
        CommandProcess zeroJobs = run("--jobs", "0");
        CommandProcess unknown = run("--frobnicate");

        assertThat(together.exitValue()).isEqualTo(2);
        assertThat(together.stderr()).startsWith(
                "graphile-worker: --schema-only and --once cannot be used together\n");
        assertThat(zeroJobs.exitValue()).isEqualTo(2);
        assertThat(zeroJobs.stderr()).startsWith("graphile-worker: --jobs must be at least 1, was 0\n");
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("graphile-worker: Unknown option: '--frobnicate'\n");
    }

    @Test
    void unreachableDatabaseFailsOnOneLineThatHidesThePassword() throws Exception {
        CommandProcess command = CommandProcess.run(workingDirectory, Map.of(),
                "-c", "postgres://worker:s3cret-pa55@127.0.0.1:1/jobs", "--schema-only");

        assertThat(command.exitValue()).isEqualTo(1);
        assertThat(command.stderr().lines().filter(line -> line.startsWith("graphile-worker: ")))
                .singleElement().asString().contains("Could not connect to the database");
        assertThat(command.stderr()).doesNotContain("s3cret-pa55");
    }

    private CommandProcess run(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "-c";
        all[1] = database.connectionString();
        all[2] = "-s";
        all[3] = schema;
        System.arraycopy(args, 0, all, 4, args.length);
        return CommandProcess.run(workingDirectory, Map.of(), all);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
