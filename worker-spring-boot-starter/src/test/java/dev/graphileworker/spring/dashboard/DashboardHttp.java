package dev.graphileworker.spring.dashboard;

import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the dashboard's tests over HTTP share: the database, jobs, requests and what they read in pages. */
final class DashboardHttp {

    /** Spring Security's auto-configuration, left out by the tests of an application without it. */
    static final String WITHOUT_SPRING_SECURITY = "spring.autoconfigure.exclude="
            + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
            + "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SPRING_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("(?:href|src|action)=\"([^\"]*)\"");

    private DashboardHttp() {
    }

    static void dataSource(DynamicPropertyRegistry properties, TestDatabase database) {
        properties.add("spring.datasource.url", database::jdbcUrl);
        properties.add("spring.datasource.username", database::user);
        properties.add("spring.datasource.password", database::password);
    }

    /** @return the id of a new job that has failed its only attempt */
    static long permanentlyFailedJob(TestDatabase database) {
        long id = database.count("select (graphile_worker.add_job('greet', max_attempts := 1)).id");
        database.execute("update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = " + id);
        return id;
    }

    static long attempts(TestDatabase database, long id) {
        return database.count("select attempts from graphile_worker._private_jobs where id = " + id);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    static HttpRequest.Builder postForm(URI uri, String form) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    /** @return the dashboard's CSRF token in a page's first action form */
    static String csrfToken(String page) {
        return first(CSRF, page);
    }

    /** @return Spring Security's CSRF token in a page's first action form */
    static String springCsrfToken(String page) {
        return first(SPRING_CSRF, page);
    }

    /** @return every address a page links to, loads or sends a form to */
    static List<String> links(String page) {
        List<String> links = new ArrayList<>();
        Matcher link = LINK.matcher(page);
        while (link.find()) {
            links.add(link.group(1));
        }
        return links;
    }

    private static String first(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("No " + pattern + " in the page:\n" + page);
        }
        return matcher.group(1);
    }
}
