package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/graphile-worker dashboard} as users run it, on a real PostgreSQL: it serves the queue on a
 * port of its own, asks for the credentials of its environment variable, and exits 0 at SIGTERM.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class DashboardCommandIT {

    private static final Pattern ADDRESS = Pattern.compile("Dashboard on (http://\\S+/)");

    private final TestDatabase database;
    @TempDir
    Path workingDirectory;

    DashboardCommandIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void servesTheQueueUntilSigterm() throws Exception {
        CommandProcess install = CommandProcess.run(workingDirectory, Map.of(), "-c", database.connectionString(),
                "--schema-only");
        assertThat(install.exitValue()).as(install.stderr()).isZero();
        database.execute("select graphile_worker.add_job('send_email', '{\"to\": \"<b>ada</b>\"}')");

        try (CommandProcess dashboard = CommandProcess.start(workingDirectory,
                Map.of("DASHBOARD_LOGIN", "operator:s3cret"), "-c", database.connectionString(), "dashboard",
                "--port", "0", "--auth-env", "DASHBOARD_LOGIN")) {
            dashboard.awaitLogLine(line -> ADDRESS.matcher(line).find());
            URI address = URI.create(address(dashboard.stderr()).orElseThrow());
            assertThat(address.getHost()).isEqualTo("127.0.0.1");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(address.resolve("/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(address.resolve("/jobs"))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("operator:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).isEqualTo(200);
            assertThat(jobs.body()).contains("send_email", "&lt;b&gt;ada&lt;/b&gt;");
            assertThat(dashboard.stderr()).doesNotContain("s3cret");

            dashboard.terminate();
            assertThat(dashboard.awaitExit()).as(dashboard.stderr()).isZero();
        }
    }

    private static Optional<String> address(String log) {
        Matcher matcher = ADDRESS.matcher(log);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
