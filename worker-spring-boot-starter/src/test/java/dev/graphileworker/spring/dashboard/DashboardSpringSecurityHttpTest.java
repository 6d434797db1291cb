package dev.graphileworker.spring.dashboard;

import static dev.graphileworker.spring.dashboard.DashboardHttp.attempts;
import static dev.graphileworker.spring.dashboard.DashboardHttp.csrfToken;
import static dev.graphileworker.spring.dashboard.DashboardHttp.get;
import static dev.graphileworker.spring.dashboard.DashboardHttp.permanentlyFailedJob;
import static dev.graphileworker.spring.dashboard.DashboardHttp.postForm;
import static dev.graphileworker.spring.dashboard.DashboardHttp.springCsrfToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in an application with Spring Security, over real HTTP: the application's rules protect
 * the path (a role), the dashboard needs no credentials of its own, and an action passes both CSRF
 * checks, Spring Security's and the dashboard's, with the application's configuration as it is.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@DirtiesContext // the application stops before the class's database is dropped
@SpringBootTest(classes = DashboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"graphile.worker.dashboard.enabled=true", "graphile.worker.dashboard.allow-actions=true"})
@Import(DashboardSpringSecurityHttpTest.Security.class)
class DashboardSpringSecurityHttpTest {

    /** The application's security as its documentation shows it: a role for the dashboard. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Security {

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            .requestMatchers("/graphile-worker/**").hasRole("OPS")
                            // Spring Boot's error page, which shows a refusal with its status rather than a
                            // request for credentials: a refused CSRF check comes before authentication.
                            .requestMatchers("/error").permitAll()
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ops").password("{noop}ops-password").roles("OPS").build(),
                    User.withUsername("clerk").password("{noop}clerk-password").roles("USER").build());
        }
    }

    private static TestDatabase database;

    /** Keeps the session, where Spring Security keeps its CSRF token, as a browser does. */
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

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

    private HttpResponse<String> send(String user, HttpRequest.Builder request) throws Exception {
        String credentials = user + ":" + user + "-password";
        return DashboardHttp.send(client, request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theApplicationsRulesProtectThePath() throws Exception {
        assertThat(DashboardHttp.send(client, get(uri("/graphile-worker/"))).statusCode()).as("anonymous")
                .isEqualTo(401);
        assertThat(send("clerk", get(uri("/graphile-worker/"))).statusCode()).as("without the role").isEqualTo(403);

        HttpResponse<String> overview = send("ops", get(uri("/graphile-worker/")));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("href=\"/graphile-worker/jobs\"");
    }

    @Test
    void anActionPassesSpringSecuritysCsrfCheckAndTheDashboards() throws Exception {
        long id = permanentlyFailedJob(database);
        HttpResponse<String> job = send("ops", get(uri("/graphile-worker/jobs/" + id)));
        assertThat(job.statusCode()).isEqualTo(200);
        String dashboardToken = csrfToken(job.body());
        String springToken = springCsrfToken(job.body());
        URI retry = uri("/graphile-worker/jobs/" + id + "/retry");

        HttpResponse<String> withoutSpringsToken = send("ops", postForm(retry,
                "csrf=" + encoded(dashboardToken) + "&reset_attempts=on"));
        assertThat(withoutSpringsToken.statusCode()).as("refused by Spring Security").isEqualTo(403);
        HttpResponse<String> withoutTheDashboardsToken = send("ops", postForm(retry,
                "_csrf=" + encoded(springToken) + "&csrf=forged&reset_attempts=on"));
        assertThat(withoutTheDashboardsToken.statusCode()).as("refused by the dashboard").isEqualTo(403);
        assertThat(withoutTheDashboardsToken.body()).contains("did not come from this dashboard");
        assertThat(attempts(database, id)).isEqualTo(1);

        HttpResponse<String> retried = send("ops", postForm(retry,
                "_csrf=" + encoded(springToken) + "&csrf=" + encoded(dashboardToken) + "&reset_attempts=on"));

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("Job " + id + " retried");
        assertThat(attempts(database, id)).isZero();
    }
}
