package dev.graphileworker.spring.dashboard;

import static dev.graphileworker.spring.dashboard.DashboardHttp.attempts;
import static dev.graphileworker.spring.dashboard.DashboardHttp.csrfToken;
import static dev.graphileworker.spring.dashboard.DashboardHttp.get;
import static dev.graphileworker.spring.dashboard.DashboardHttp.links;
import static dev.graphileworker.spring.dashboard.DashboardHttp.permanentlyFailedJob;
import static dev.graphileworker.spring.dashboard.DashboardHttp.postForm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard with actions allowed, behind a token, in an application served under a context path,
 * over real HTTP: its links carry the context path, and a retry sent from its job page changes the job.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@DirtiesContext // the application stops before the class's database is dropped
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {DashboardHttp.WITHOUT_SPRING_SECURITY, "server.servlet.context-path=/shop",
            "graphile.worker.dashboard.enabled=true", "graphile.worker.dashboard.allow-actions=true",
            "graphile.worker.dashboard.token=" + DashboardActionsHttpTest.TOKEN})
class DashboardActionsHttpTest {

    static final String TOKEN = "test-token-0123456789abcdef";

    private static TestDatabase database;

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @BeforeAll
    static void database(TestDatabase testDatabase) {
        database = testDatabase;
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry properties) {
        DashboardHttp.dataSource(properties, database);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return DashboardHttp.send(client, request.header("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void aRetrySentFromTheJobPageChangesTheJob() throws Exception {
        long id = permanentlyFailedJob(database);
        HttpResponse<String> job = send(get(uri("/shop/graphile-worker/jobs/" + id)));
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(links(job.body())).isNotEmpty().allSatisfy(link -> assertThat(link)
                .startsWith("/shop/graphile-worker/"));
        assertThat(job.body()).contains("action=\"/shop/graphile-worker/jobs/" + id + "/retry\"");

        HttpResponse<String> retry = send(postForm(uri("/shop/graphile-worker/jobs/" + id + "/retry"),
                "csrf=" + URLEncoder.encode(csrfToken(job.body()), StandardCharsets.UTF_8) + "&reset_attempts=on"));

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("Job " + id + " retried");
        assertThat(attempts(database, id)).isZero();
    }

    @Test
    void aRetryWithoutTheDashboardsTokenChangesNothing() throws Exception {
        long id = permanentlyFailedJob(database);

        HttpResponse<String> retry = send(postForm(uri("/shop/graphile-worker/jobs/" + id + "/retry"),
                "csrf=forged&reset_attempts=on"));

        assertThat(retry.statusCode()).isEqualTo(403);
        assertThat(attempts(database, id)).isEqualTo(1);
    }

    @Test
    void aFormLargerThan64KiBIsRefused() throws Exception {
        HttpResponse<String> large = send(postForm(uri("/shop/graphile-worker/jobs/actions"),
                "csrf=x&reason=" + "x".repeat(70_000)));

        assertThat(large.statusCode()).isEqualTo(413);
    }
}
