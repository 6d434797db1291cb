package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whose logging configuration the command uses: the user's Logback file when one is given (here with
 * {@code -Dlogback.configurationFile} in {@code JAVA_OPTS}; {@code conf/logback.xml} of an unpacked
 * distribution is in {@link DistributionIT}), else its own layout and the {@code --log-*} options.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class LoggingConfigurationIT {

    private final TestDatabase database;
    @TempDir
    Path workingDirectory;
    private String schema;

    LoggingConfigurationIT(TestDatabase database, TestInfo test) {
        this.database = database;
        schema = "cli_log_" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        schema = schema.substring(0, Math.min(schema.length(), 63));
    }

    /** @return a Logback configuration that writes {@code MARK LEVEL Logger message} lines to standard error */
    static String configuration(String mark) {
        return """
                <configuration>
                  <appender name="stderr" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%s %%level %%logger{0} %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="stderr"/></root>
                </configuration>
                """.formatted(mark);
    }

    @Test
    void withoutAConfigurationOfTheUsersTheCommandWritesItsOwnLayout() throws Exception {
        CommandProcess command = run(Map.of(), "--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(command.stderr().lines()).anyMatch(line -> line.matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[GraphileWorkerCommand] Schema " + schema + " is up to date"));
    }

    @Test
    void configurationFileGivenToTheJvmIsKept() throws Exception {
        CommandProcess command = run(userConfiguration("MINE"), "--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(command.stderr().lines())
                .contains("MINE INFO GraphileWorkerCommand Schema " + schema + " is up to date")
                .noneMatch(line -> line.contains("[GraphileWorkerCommand]"));
    }

    @Test
    void logLevelGivenOnTheCommandLineStillSetsTheLevelOfTheUsersConfiguration() throws Exception {
        CommandProcess quiet = run(userConfiguration("MINE"), "--schema-only", "--log-level", "warn");
        CommandProcess chatty = run(userConfiguration("MINE"), "--schema-only", "--log-level", "debug");

        assertThat(quiet.exitValue()).as(quiet.stderr()).isZero();
        assertThat(quiet.stderr().lines()).noneMatch(line -> line.startsWith("MINE INFO"));
        assertThat(chatty.exitValue()).as(chatty.stderr()).isZero();
        assertThat(chatty.stderr().lines()).anyMatch(line -> line.startsWith("MINE DEBUG"));
    }

    @Test
    void logFormatIsIgnoredWithTheUsersConfigurationAndSaysSo() throws Exception {
        CommandProcess command = run(userConfiguration("MINE"), "--schema-only", "--log-format", "json");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        assertThat(command.stderr().lines())
                .anyMatch(line -> line.startsWith("MINE WARN LogSetup --log-format is ignored: logging is configured by "))
                .contains("MINE INFO GraphileWorkerCommand Schema " + schema + " is up to date")
                .noneMatch(line -> line.startsWith("{"));
    }

    @Test
    void configurationWithAnErrorGivesWayToTheCommandsLayout() throws Exception {
        Path file = workingDirectory.resolve("broken.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="lost" class="no.such.Appender"/>
                  <root level="INFO"><appender-ref ref="lost"/></root>
                </configuration>
                """);

        CommandProcess command = run(Map.of("JAVA_OPTS", "-Dlogback.configurationFile=" + file), "--schema-only");

        assertThat(command.exitValue()).as(command.stderr()).isZero();
        // Logback reports the error itself, on standard output.
        assertThat(command.stdout()).contains("no.such.Appender");
        assertThat(command.stderr().lines()).anyMatch(line -> line.endsWith(
                " INFO  [GraphileWorkerCommand] Schema " + schema + " is up to date"));
    }

    private Map<String, String> userConfiguration(String mark) throws Exception {
        Path file = workingDirectory.resolve("my logback.xml");
        Files.writeString(file, configuration(mark));
        return Map.of("JAVA_OPTS", "-Dlogback.configurationFile=" + file.toUri());
    }

    private CommandProcess run(Map<String, String> environment, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "-c";
        all[1] = database.connectionString();
        all[2] = "-s";
        all[3] = schema;
        System.arraycopy(args, 0, all, 4, args.length);
        return CommandProcess.run(workingDirectory, environment, all);
    }
}
