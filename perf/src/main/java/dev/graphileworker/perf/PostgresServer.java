package dev.graphileworker.perf;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the harness measures on (trust authentication, as on a development
 * machine): PGHOST, PGPORT and PGUSER, else 127.0.0.1, 5432 and postgres. It hands out fresh
 * databases, each copied from a template that holds the schema.
 */
final class PostgresServer {

    /** Every database the harness creates starts with this, so leftovers of a killed run can be found. */
    static final String DATABASE_PREFIX = "graphile_worker_perf_";

    private final String host;
    private final int port;
    private final String user;
    private final AtomicInteger databasesCreated = new AtomicInteger();

    PostgresServer(Map<String, String> environment) {
        this.host = environment.getOrDefault("PGHOST", "127.0.0.1");
        this.port = Integer.parseInt(environment.getOrDefault("PGPORT", "5432"));
        this.user = environment.getOrDefault("PGUSER", "postgres");
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    /** @return the URI both worker commands take with {@code -c} */
    String uri(String database) {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database
                + "?user=" + user);
    }

    /** @return a new empty database; closing it drops it */
    FreshDatabase createDatabase(String purpose) throws SQLException {
        return createDatabase(purpose, "template0");
    }

    /** @return a new database copied from {@code template}; closing it drops it */
    FreshDatabase createDatabase(String purpose, String template) throws SQLException {
        String name = DATABASE_PREFIX + purpose.replaceAll("[^a-z0-9_]", "_") + "_"
                + databasesCreated.incrementAndGet();
        execute("create database " + name + " template " + template);
        return new FreshDatabase(this, name);
    }

    void dropDatabase(String name) throws SQLException {
        execute("drop database if exists " + name + " with (force)");
    }

    /** Drops the databases a run that was killed left behind. */
    void dropLeftovers() throws SQLException {
        List<String> leftovers = new ArrayList<>();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select datname from pg_database where datname like '"
                        + DATABASE_PREFIX + "%'")) {
            while (rows.next()) {
                leftovers.add(rows.getString(1));
            }
        }
        for (String name : leftovers) {
            dropDatabase(name);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
