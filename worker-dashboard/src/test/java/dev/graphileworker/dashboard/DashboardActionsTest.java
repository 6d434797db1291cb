package dev.graphileworker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.admin.JobState;
import dev.graphileworker.domain.JobFailure;
import dev.graphileworker.testkit.InMemoryJobQueue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's actions over HTTP, on the in-memory queue: read-only by default, the CSRF token and
 * the origin checks, the confirmation before removing, failing or acting by filter, refusals of locked
 * jobs, and token authentication. (A click in a real browser is {@code DashboardBrowserTest}'s.)
 */
class DashboardActionsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private DashboardServer server;
    private Job failed;
    private Job otherFailed;
    private Job waiting;

    @BeforeEach
    void addJobs() {
        failed = queue.addJob("send_email", Map.of("to", "ada@example.com"), AddJobOptions.defaults());
        otherFailed = queue.addJob("send_email", Map.of("to", "grace@example.com"), AddJobOptions.defaults());
        waiting = queue.addJob("resize", Map.of("image", 7), AddJobOptions.defaults());
        // Claimed and failed as a worker would: each has an error, attempts left and its retry an hour away.
        queue.claimJobs("worker-a", Set.of("send_email"), Set.of(), 2);
        queue.failJobs("worker-a", List.of(new JobFailure(failed.id(), "boom", Duration.ofHours(1)),
                new JobFailure(otherFailed.id(), "boom", Duration.ofHours(1))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readOnlyByDefault() throws Exception {
        start(Dashboard.builder(queue.administration()).build(), Optional.empty());
        String page = get("/jobs/" + failed.id(), null).body();
        assertThat(page).doesNotContain("<form method=\"post\"");
        String token = csrf(get("/jobs", null).body()).orElse("none");
        HttpResponse<String> refused = post("/jobs/" + failed.id() + "/retry", Map.of("csrf", token), Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("read-only", "--allow-actions");
        assertThat(state(failed)).isEqualTo(JobState.FAILED);
    }

    @Test
    void aFormMustComeFromTheDashboardsOwnPages() throws Exception {
        startWithActions(Optional.empty());
        String token = csrf(get("/jobs/" + failed.id(), null).body()).orElseThrow();
        String retry = "/jobs/" + failed.id() + "/retry";
        assertThat(post(retry, Map.of(), Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(retry, Map.of("csrf", token + "x"), Map.of()).statusCode()).isEqualTo(403);
        assertThat(post(retry, Map.of("csrf", token), Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
                .isEqualTo(403);
        assertThat(state(failed)).isEqualTo(JobState.FAILED);

        // Behind a proxy the origin a browser shows is not the server's own address: only the token counts.
        HttpResponse<String> done = post(retry, Map.of("csrf", token),
                Map.of("Origin", "https://queue.example.com", "Sec-Fetch-Site", "same-origin"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Job " + failed.id() + " retried");
        assertThat(dueNow(failed)).isTrue();
        assertThat(dueNow(otherFailed)).isFalse();
    }

    @Test
    void removingAJobIsAskedFirst() throws Exception {
        startWithActions(Optional.empty());
        String token = csrf(get("/jobs/" + waiting.id(), null).body()).orElseThrow();
        HttpResponse<String> question = post("/jobs/" + waiting.id() + "/remove", Map.of("csrf", token), Map.of());
        assertThat(question.statusCode()).isEqualTo(200);
        assertThat(question.body()).contains("Remove job " + waiting.id() + "?", "task resize", "cannot be undone");
        assertThat(queue.job(waiting.id())).isPresent();

        HttpResponse<String> done = post("/jobs/" + waiting.id() + "/remove",
                Map.of("csrf", token, "confirmed", "yes"), Map.of());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(queue.job(waiting.id())).isEmpty();
        HttpResponse<String> again = post("/jobs/" + waiting.id() + "/remove",
                Map.of("csrf", token, "confirmed", "yes"), Map.of());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("nothing was changed");
    }

    @Test
    void failingPermanentlyNeedsAReason() throws Exception {
        startWithActions(Optional.empty());
        String token = csrf(get("/jobs/" + waiting.id(), null).body()).orElseThrow();
        String fail = "/jobs/" + waiting.id() + "/fail";
        assertThat(post(fail, Map.of("csrf", token), Map.of()).body()).contains("name=\"reason\"");
        HttpResponse<String> noReason = post(fail, Map.of("csrf", token, "confirmed", "yes"), Map.of());
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("needs a reason");
        assertThat(state(waiting)).isEqualTo(JobState.RUNNABLE);

        assertThat(post(fail, Map.of("csrf", token, "confirmed", "yes", "reason", "customer left"), Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(state(waiting)).isEqualTo(JobState.PERMANENTLY_FAILED);
        assertThat(queue.job(waiting.id()).orElseThrow().lastError()).contains("customer left");
    }

    @Test
    void aLockedJobIsRefusedUnlessForced() throws Exception {
        startWithActions(Optional.empty());
        queue.claimJobs("worker-b", Set.of("resize"), Set.of(), 1);
        String page = get("/jobs/" + waiting.id(), null).body();
        assertThat(page).contains("even though a worker holds it", "id=\"unlock\"");
        String token = csrf(page).orElseThrow();
        HttpResponse<String> refused = post("/jobs/" + waiting.id() + "/retry", Map.of("csrf", token), Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("worker-b");
        assertThat(state(waiting)).isEqualTo(JobState.LOCKED);

        HttpResponse<String> unlocked = post("/jobs/" + waiting.id() + "/unlock", Map.of("csrf", token), Map.of());
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(state(waiting)).isEqualTo(JobState.RUNNABLE);
    }

    @Test
    void actingByFilterShowsTheCountFirst() throws Exception {
        startWithActions(Optional.empty());
        String list = get("/jobs?state=failed&task=send_email", null).body();
        assertThat(list).contains("id=\"bulk\"");
        String token = csrf(list).orElseThrow();
        Map<String, String> form = new LinkedHashMap<>(Map.of("csrf", token, "state", "failed", "task", "send_email",
                "action", "retry"));
        HttpResponse<String> question = post("/jobs/actions", form, Map.of());
        assertThat(question.statusCode()).isEqualTo(200);
        assertThat(question.body()).contains("Retry 2 jobs?", "state=failed task=send_email");
        assertThat(dueNow(failed)).isFalse();

        form.put("confirmed", "yes");
        form.put("reset_attempts", "on");
        HttpResponse<String> done = post("/jobs/actions", form, Map.of());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Retried: 2 jobs");
        for (Job job : List.of(failed, otherFailed)) {
            assertThat(dueNow(job)).isTrue();
            assertThat(queue.job(job.id()).orElseThrow().attempts()).isZero();
        }
        assertThat(dueNow(waiting)).isTrue();

        HttpResponse<String> everything = post("/jobs/actions", Map.of("csrf", token, "action", "remove",
                "confirmed", "yes"), Map.of());
        assertThat(everything.statusCode()).isEqualTo(400);
        assertThat(everything.body()).contains("Choose at least one filter");
        assertThat(queue.jobs()).hasSize(3);
        assertThat(get("/jobs", null).body()).doesNotContain("id=\"bulk\"");
    }

    @Test
    void aTokenAuthenticatesScriptsAndBrowsers() throws Exception {
        String token = "0123456789abcdef-token";
        startWithActions(Optional.of(Credentials.token(token)));
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/", "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(get("/", "Bearer " + token + "x").statusCode()).isEqualTo(401);
        assertThat(get("/", basic("anyone:" + token)).statusCode()).isEqualTo(200);
        assertThat(get("/", basic("anyone:wrong")).statusCode()).isEqualTo(401);
        assertThat(Credentials.token(token).toString()).doesNotContain(token);
        assertThat(catchThrowable(() -> Credentials.token("short")))
                .hasMessageContaining("at least 16 characters");
    }

    private void startWithActions(Optional<Credentials> credentials) throws IOException {
        start(Dashboard.builder(queue.administration()).allowActions(true).build(), credentials);
    }

    private void start(Dashboard dashboard, Optional<Credentials> credentials) throws IOException {
        server = DashboardServer.start(dashboard, "127.0.0.1", 0, credentials);
    }

    /** @return whether a worker would claim the job now: due, not locked, attempts left */
    private boolean dueNow(Job job) {
        Job now = queue.job(job.id()).orElseThrow();
        return !now.runAt().isAfter(Instant.now()) && now.lockedAt().isEmpty()
                && now.attempts() < now.maxAttempts();
    }

    private JobState state(Job job) {
        return queue.administration().job(job.id()).orElseThrow().state();
    }

    private static Optional<String> csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers)
            throws Exception {
        String body = form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
