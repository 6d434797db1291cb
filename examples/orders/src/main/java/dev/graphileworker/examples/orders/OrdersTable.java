package dev.graphileworker.examples.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The application's own table; a real application would create it with its migration tool. */
public final class OrdersTable {

    private OrdersTable() {
    }

    /**
     * Creates the {@code orders} table unless it exists.
     *
     * @param dataSource the database
     * @throws SQLException when it cannot be created
     */
    public static void createIfMissing(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    create table if not exists orders (
                      id           bigint generated always as identity primary key,
                      customer_id  text not null,
                      email        text not null,
                      amount_cents bigint not null check (amount_cents > 0),
                      placed_at    timestamptz not null default now()
                    )""");
        }
    }
}
