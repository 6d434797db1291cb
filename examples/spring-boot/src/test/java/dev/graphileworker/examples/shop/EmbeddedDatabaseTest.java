package dev.graphileworker.examples.shop;

import dev.graphileworker.testkit.Poll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** With no database configured, the example starts its own embedded PostgreSQL and works on it. */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EmbeddedDatabaseTest {

    @Autowired
    Orders orders;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anOrderIsPlacedAndEmailedWithoutAnyDatabaseConfigured() {
        long id = orders.place(new NewOrder("ada@example.com", "teapot", 1));

        Poll.until("the confirmation of order " + id + " is sent", () -> jdbc
                .sql("select count(*) from orders where id = ? and email_sent_at is not null").param(id)
                .query(Long.class).single() == 1);
    }
}
