package dev.graphileworker.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The shop over HTTP, on a real PostgreSQL: an order placed is e-mailed by the application's worker;
 * an order that fails leaves neither the order nor its e-mail job.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@DirtiesContext // the worker stops before the class's database is dropped
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "graphile.worker.dashboard.password=" + ShopApplicationTest.DASHBOARD_PASSWORD)
class ShopApplicationTest {

    /** What GRAPHILE_WORKER_DASHBOARD_PASSWORD holds when the example runs. */
    static final String DASHBOARD_PASSWORD = "a-password-for-the-test";

    private static TestDatabase database;

    @LocalServerPort
    int port;

    @BeforeAll
    static void database(TestDatabase testDatabase) {
        database = testDatabase;
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> database.jdbcUrl());
        properties.add("spring.datasource.username", () -> database.user());
        properties.add("spring.datasource.password", () -> database.password());
    }

    private RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    private HttpStatusCode post(String order) {
        return http().post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(order)
                .retrieve().toBodilessEntity().getStatusCode();
    }

    @Test
    void aPlacedOrderIsEmailedByTheApplicationsWorker() {
        assertThat(post("{\"email\":\"ada@example.com\",\"item\":\"teapot\",\"quantity\":2}"))
                .isEqualTo(HttpStatus.CREATED);

        database.awaitCount("select count(*) from orders where email = 'ada@example.com'"
                + " and email_sent_at is not null", 1);
        long id = database.count("select id from orders where email = 'ada@example.com'");
        @SuppressWarnings("unchecked")
        Map<String, Object> order = http().get().uri("/orders/{id}", id).retrieve().body(Map.class);
        assertThat(order).containsEntry("item", "teapot").containsKey("email_sent_at");
        assertThat(order.get("email_sent_at")).isNotNull();
    }

    @Test
    void anOrderThatFailsLeavesNoOrderAndNoJob() {
        assertThat(post("{\"email\":\"bob@example.com\",\"item\":\"kettle\",\"quantity\":5}"))
                .isEqualTo(HttpStatus.CONFLICT);

        assertThat(database.count("select count(*) from orders where email = 'bob@example.com'")).isZero();
        assertThat(database.count("select count(*) from graphile_worker._private_jobs"
                + " where payload->>'email' = 'bob@example.com'")).isZero();
    }

    @Test
    void theHealthEndpointShowsTheWorker() {
        Poll.until("/actuator/health/graphileWorker says UP", () -> "UP".equals(health().get("status")));

        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health().get("details");
        assertThat(details).containsEntry("running", true).containsEntry("listening", true).containsKey("workerId");
    }

    @Test
    void theDashboardShowsTheQueueToOpsOnly() {
        ResponseEntity<String> anonymous = http().get().uri("/graphile-worker/").retrieve().toEntity(String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<String> overview = http().get().uri("/graphile-worker/")
                .headers(headers -> headers.setBasicAuth("ops", DASHBOARD_PASSWORD))
                .retrieve().toEntity(String.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).contains("href=\"/graphile-worker/jobs\"", "permanently_failed");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health() {
        return http().get().uri("/actuator/health/graphileWorker").retrieve().body(Map.class);
    }
}
