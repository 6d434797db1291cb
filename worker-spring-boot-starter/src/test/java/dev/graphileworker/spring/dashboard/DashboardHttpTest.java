package dev.graphileworker.spring.dashboard;

import static dev.graphileworker.spring.dashboard.DashboardHttp.attempts;
import static dev.graphileworker.spring.dashboard.DashboardHttp.get;
import static dev.graphileworker.spring.dashboard.DashboardHttp.links;
import static dev.graphileworker.spring.dashboard.DashboardHttp.permanentlyFailedJob;
import static dev.graphileworker.spring.dashboard.DashboardHttp.postForm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a web application without Spring Security, over real HTTP: read-only (the default),
 * behind the starter's own user name and password, at the default path.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@DirtiesContext // the application stops before the class's database is dropped
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {DashboardHttp.WITHOUT_SPRING_SECURITY, "graphile.worker.dashboard.enabled=true",
            "graphile.worker.dashboard.username=ops", "graphile.worker.dashboard.password=correct horse battery"})
class DashboardHttpTest {

    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString("ops:correct horse battery".getBytes(StandardCharsets.UTF_8));

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
        return DashboardHttp.send(client, request.header("Authorization", AUTHORIZATION));
    }

    @Test
    void theOverviewAndJobsPagesAnswerUnderThePathAndLinkWithinIt() throws Exception {
        long id = permanentlyFailedJob(database);

        HttpResponse<String> overview = send(get(uri("/graphile-worker/")));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(overview.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(links(overview.body())).isNotEmpty().allSatisfy(link -> assertThat(link)
                .startsWith("/graphile-worker/"));
        assertThat(overview.body()).contains("href=\"/graphile-worker/jobs\"");

        HttpResponse<String> jobs = send(get(uri("/graphile-worker/jobs?state=permanently_failed")));
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(links(jobs.body())).allSatisfy(link -> assertThat(link).startsWith("/graphile-worker/"));
        assertThat(jobs.body()).contains("href=\"/graphile-worker/jobs/" + id + "\"");

        HttpResponse<String> styles = send(get(uri("/graphile-worker/static/dashboard.css")));
        assertThat(styles.statusCode()).isEqualTo(200);
        assertThat(styles.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/css"));
    }

    @Test
    void withoutTheCredentialsEveryRequestIsAskedForThem() throws Exception {
        for (String path : new String[] {"/graphile-worker/", "/graphile-worker/jobs",
            "/graphile-worker/static/dashboard.css", "/graphile-worker"}) {
            HttpResponse<String> anonymous = DashboardHttp.send(client, get(uri(path)));
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Basic realm="));
        }
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(DashboardHttp.send(client, get(uri("/graphile-worker/")).header("Authorization", wrong))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void readOnlyItOffersNoActionAndRefusesThemWith403() throws Exception {
        long id = permanentlyFailedJob(database);
        HttpResponse<String> job = send(get(uri("/graphile-worker/jobs/" + id)));
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(job.body()).doesNotContain("method=\"post\"");

        HttpResponse<String> retry = send(postForm(uri("/graphile-worker/jobs/" + id + "/retry"), "csrf=guess"));

        assertThat(retry.statusCode()).isEqualTo(403);
        assertThat(retry.body()).contains("read-only");
        assertThat(attempts(database, id)).isEqualTo(1);
    }

    @Test
    void theBarePathRedirectsToTheOverview() throws Exception {
        HttpResponse<String> bare = send(get(uri("/graphile-worker")));

        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/graphile-worker/"));
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/graphile-worker/jobs"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void theRestOfTheApplicationIsNotTheDashboards() throws Exception {
        HttpResponse<String> elsewhere = DashboardHttp.send(client, get(uri("/graphile-worker-not/")));

        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }
}
