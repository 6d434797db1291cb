package dev.graphileworker.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.spring.Jobs;
import dev.graphileworker.spring.shop.ShopApplication.Orders;
import dev.graphileworker.spring.shop.ShopApplication.SendReceipt;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a Spring Boot application on a real PostgreSQL: a job added in a transaction exists
 * only if the transaction commits, and runs in the application's worker, woken at the commit.
 */
@ExtendWith(PostgresDatabaseExtension.class)
@DirtiesContext // the worker stops before the class's database is dropped
// An hour between polls: a job that runs at once was announced by the notification sent at commit.
@SpringBootTest(properties = {"graphile.worker.concurrency=2", "graphile.worker.poll-interval=1h"})
class ShopApplicationTest {

    private static TestDatabase database;

    @Autowired
    Orders orders;

    @Autowired
    Jobs jobs;

    @Autowired
    HealthEndpoint health;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void database(TestDatabase testDatabase) {
        database = testDatabase;
        database.execute(ShopApplication.TABLES);
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> database.jdbcUrl());
        properties.add("spring.datasource.username", () -> database.user());
        properties.add("spring.datasource.password", () -> database.password());
    }

    @Test
    void aCommittedOrderRunsItsReceiptJobInTheApplicationsWorker() {
        orders.place("ada@example.com", false);

        database.awaitCount("select count(*) from receipts_sent where email = 'ada@example.com'", 1);
        assertThat(database.text("select thread from receipts_sent where email = 'ada@example.com'"))
                .startsWith("graphile-worker-");
        database.awaitCount("select count(*) from graphile_worker.jobs where task_identifier = 'send_receipt'", 0);
    }

    @Test
    void aRolledBackOrderLeavesNoJob() {
        assertThatThrownBy(() -> orders.place("bob@example.com", true)).hasMessageContaining("Payment declined");

        assertThat(database.count("select count(*) from orders where email = 'bob@example.com'")).isZero();
        assertThat(database.count("select count(*) from graphile_worker._private_jobs"
                + " where payload->>'email' = 'bob@example.com'")).isZero();
        // A later order's receipt runs; the declined one's never does.
        orders.place("cy@example.com", false);
        database.awaitCount("select count(*) from receipts_sent where email = 'cy@example.com'", 1);
        assertThat(database.count("select count(*) from receipts_sent where email = 'bob@example.com'")).isZero();
    }

    @Test
    void outsideATransactionAJobCommitsOnItsOwn() {
        jobs.add(SendReceipt.TASK, new SendReceipt("dee@example.com"));

        database.awaitCount("select count(*) from receipts_sent where email = 'dee@example.com'", 1);
    }

    @Test
    void theHealthEndpointShowsTheWorker() {
        Poll.until("the worker is up, listening, and has claimed", () -> {
            IndicatedHealthDescriptor worker = (IndicatedHealthDescriptor) health.healthForPath("graphileWorker");
            return worker.getStatus().equals(Status.UP)
                    && Boolean.TRUE.equals(worker.getDetails().get("listening"))
                    && worker.getDetails().containsKey("lastClaimAt");
        });

        IndicatedHealthDescriptor worker = (IndicatedHealthDescriptor) health.healthForPath("graphileWorker");
        assertThat(worker.getDetails()).containsKey("workerId");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void jobsAreCountedInTheApplicationsMeterRegistry() {
        jobs.add(SendReceipt.TASK, new SendReceipt("eve@example.com"));

        database.awaitCount("select count(*) from receipts_sent where email = 'eve@example.com'", 1);
        Poll.until("the success is counted", () -> {
            Counter succeeded = meters.find("graphile_worker.jobs.succeeded").tag("task", "send_receipt").counter();
            return succeeded != null && succeeded.count() >= 1;
        });
    }
}
