package dev.graphileworker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.JobSelection;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.testkit.InMemoryJobQueue;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard over HTTP, on the in-memory queue: status codes, escaping, bad input, failures, auth. */
class DashboardHttpTest {

    static final String XSS = "<script>alert(1)</script> \"double\" 'single' &amp;";

    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private DashboardServer server;
    private Job xssJob;

    @BeforeEach
    void addJobs() {
        queue.addJob("send_email", Map.of("to", "ada@example.com"), AddJobOptions.defaults().withQueueName("mail"));
        xssJob = queue.addJob(XSS, Map.of("html", XSS), AddJobOptions.defaults().withJobKey(XSS));
        queue.administration().failPermanently(JobSelection.ids(xssJob.id()), XSS, false);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesEveryPage() throws Exception {
        start(queue.administration(), Optional.empty());
        for (String path : new String[] {"/", "/jobs", "/jobs?state=permanently_failed", "/jobs/" + xssJob.id(),
                "/queues", "/workers", "/crontab", "/static/dashboard.css", "/static/dashboard.js"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        assertThat(get("/", null).body()).contains("send_email", "permanently_failed");
        assertThat(get("/queues", null).body()).contains("mail");
    }

    @Test
    void escapesPayloadsErrorsAndNames() throws Exception {
        start(queue.administration(), Optional.empty());
        for (String path : new String[] {"/", "/jobs", "/jobs/" + xssJob.id()}) {
            String body = get(path, null).body();
            // Text needs only <, > and & escaped; in attributes (links) the name is percent-encoded.
            assertThat(body).as(path).doesNotContain("<script>alert").doesNotContain("=\"double")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            // The only script element is the dashboard's own.
            assertThat(body.split("<script", -1)).as(path).hasSize(2);
        }
        assertThat(get("/jobs/" + xssJob.id(), null).body()).contains("&amp;amp;");
    }

    @Test
    void filtersNarrowTheList() throws Exception {
        start(queue.administration(), Optional.empty());
        String body = get("/jobs?task=send_email", null).body();
        assertThat(body).contains("send_email").doesNotContain("&lt;script&gt;alert(1)&lt;/script&gt; ");
        assertThat(get("/jobs?state=failed", null).body()).contains("No jobs match.");
        String paged = get("/jobs?limit=1", null).body();
        assertThat(paged).contains("id=\"next-page\"").contains("limit=1&amp;after=");
    }

    @Test
    void badInputIsA400SayingWhy() throws Exception {
        start(queue.administration(), Optional.empty());
        assertBadRequest("/jobs?state=bogus", "Unknown job state 'bogus'");
        assertBadRequest("/jobs?limit=5000", "A page holds 1 to 1000 jobs");
        assertBadRequest("/jobs?limit=0", "A page holds 1 to 1000 jobs");
        assertBadRequest("/jobs?order=sideways", "Unknown order");
        assertBadRequest("/jobs?after=not-a-cursor", "cursor");
        assertBadRequest("/jobs/abc", "A job id is a whole number");
        // A client cannot send it through java.net.URI; a server hands it over as it came.
        DashboardResponse malformed = Dashboard.builder(queue.administration()).build().handle("GET", "/jobs", "task=%zz");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("Malformed query string");
        assertThat(get("/jobs/999999", null).statusCode()).isEqualTo(404);
        assertThat(get("/nowhere", null).statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.uri().resolve("/jobs"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theOverviewChartsTheLastHourAndTheCrontabPageShowsNextRuns() throws Exception {
        server = DashboardServer.start(Dashboard.builder(queue.administration())
                .crontab("0 4 * * * nightly_report\n*/15 * * * * poll_feeds ?tz=Europe/Paris", ZoneOffset.UTC).build(),
                "127.0.0.1", 0, Optional.empty());
        String overview = get("/", null).body();
        // Sixty minutes, each a bar with its minute and counts as its title; without history, completions unknown.
        assertThat(Pattern.compile("<rect class=\"completed\"").matcher(overview).results().count()).isEqualTo(60);
        // The job failed permanently by hand is the one failure seen.
        assertThat(overview).contains("In the last 60 minutes: 1 failed.", "counted only when workers keep history");

        String crontab = get("/crontab", null).body();
        assertThat(crontab).contains("nightly_report", "0 4 * * *", "poll_feeds", "Europe/Paris", "never");
        assertThat(crontab).contains("T04:00:00Z (in ");

        server.close();
        server = DashboardServer.start(Dashboard.builder(queue.administration())
                .crontab("61 * * * * broken", ZoneOffset.UTC).build(), "127.0.0.1", 0, Optional.empty());
        HttpResponse<String> broken = get("/crontab", null);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("crontab line 1");
    }

    @Test
    void aFailureIsA500WithoutStackTrace() throws Exception {
        QueueAdministration broken = (QueueAdministration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {QueueAdministration.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("connection refused: secret internals");
                });
        start(broken, Optional.empty());
        HttpResponse<String> response = get("/", null);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Something went wrong", "reference")
                .doesNotContain("secret internals", "Exception", "at dev.graphileworker");
    }

    @Test
    void credentialsAreRequiredWhenGiven() throws Exception {
        start(queue.administration(), Optional.of(Credentials.parse("admin:s3cret:with-colon")));
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/", null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic"));
        assertThat(get("/", basic("admin:wrong")).statusCode()).isEqualTo(401);
        assertThat(get("/static/dashboard.css", null).statusCode()).isEqualTo(401);
        assertThat(get("/", basic("admin:s3cret:with-colon")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesOtherAddressesWithoutCredentials() {
        assertThatThrownBy(() -> DashboardServer.checkBinding("0.0.0.0", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without credentials");
        DashboardServer.checkBinding("0.0.0.0", Optional.of(Credentials.parse("a:b")));
        DashboardServer.checkBinding("127.0.0.1", Optional.empty());
        DashboardServer.checkBinding("localhost", Optional.empty());
        assertThatThrownBy(() -> Credentials.parse("nopassword")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Credentials.parse("a:b").toString()).doesNotContain("b]");
    }

    private void assertBadRequest(String path, String message) throws Exception {
        HttpResponse<String> response = get(path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.body()).as(path).contains(message).doesNotContain("Exception");
    }

    private void start(QueueAdministration administration, Optional<Credentials> credentials) throws IOException {
        server = DashboardServer.start(Dashboard.builder(administration).build(), "127.0.0.1", 0, credentials);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
