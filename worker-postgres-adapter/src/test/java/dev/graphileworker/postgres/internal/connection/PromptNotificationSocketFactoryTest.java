package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The worker's own pool connects through {@link PromptNotificationSocketFactory}, and its
 * connections still hear every notification: bursts that arrive together, one alone after them, and
 * payloads too large for one network packet.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class PromptNotificationSocketFactoryTest {

    private final TestDatabase database;

    PromptNotificationSocketFactoryTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void theWorkersOwnPoolHearsEveryNotificationThroughThePromptSockets() throws Exception {
        WorkerOptions options = WorkerOptions.builder().connectionString(database.connectionString()).build();
        String large = "x".repeat(7_900);
        List<String> sent = new ArrayList<>();
        IntStream.range(0, 300).mapToObj(Integer::toString).forEach(sent::add);
        sent.add("alone");
        sent.add(large);

        try (Database opened = Database.open(options, "prompt-sockets-test");
                Connection listening = opened.dataSource().getConnection()) {
            assertThat(((HikariDataSource) opened.dataSource()).getDataSourceProperties())
                    .containsEntry("socketFactory", PromptNotificationSocketFactory.propertyValue());
            try (Statement statement = listening.createStatement()) {
                statement.execute("LISTEN burst");
            }
            // The first 300 come in one commit, so they arrive together; the other two on their own.
            database.execute(IntStream.range(0, 300).mapToObj(i -> "notify burst, '" + i + "'")
                    .collect(Collectors.joining("; ", "begin; ", "; commit")));
            database.execute("notify burst, 'alone'");
            database.execute("notify burst, '" + large + "'");

            PGConnection pg = listening.unwrap(PGConnection.class);
            List<String> heard = new ArrayList<>();
            Poll.until("every notification is heard", () -> {
                PGNotification[] notifications = pg.getNotifications(100);
                for (PGNotification notification : notifications) {
                    heard.add(notification.getParameter());
                }
                return heard.size() >= sent.size();
            });
            assertThat(heard).containsExactlyElementsOf(sent);
            assertThat(pg.getNotifications()).as("nothing more, and asking does not fail").isEmpty();
        }
    }
}
