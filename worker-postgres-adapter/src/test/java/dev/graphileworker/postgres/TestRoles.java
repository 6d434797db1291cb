package dev.graphileworker.postgres;

import dev.graphileworker.testkit.postgres.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Login roles made for one test class, on the server of its {@link TestDatabase}. Roles are
 * cluster-wide and other test runs may share the server, so each gets a random name, and {@link
 * #close()} drops what they own in the test database and then the roles themselves.
 */
final class TestRoles implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestDatabase database;
    private final List<String> created = new ArrayList<>();

    TestRoles(TestDatabase database) {
        this.database = database;
    }

    /**
     * Creates a role that may log in and is not a superuser.
     *
     * @param purpose a short lower-case word that goes into the name
     * @param password the role's password, stored as a SCRAM secret
     * @return the role's name (lower case, needs no quoting)
     */
    String create(String purpose, String password) throws SQLException {
        byte[] suffix = new byte[5];
        RANDOM.nextBytes(suffix);
        String role = "gw_" + purpose + "_" + HexFormat.of().formatHex(suffix);
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            statement.execute("create role " + role + " login nosuperuser nocreatedb nocreaterole password "
                    + literal(password));
        }
        created.add(role);
        return role;
    }

    /** @return a {@code postgres://} URI of the test database that logs in as {@code role} */
    String connectionString(String role, String password) {
        String hostPortDatabase = database.jdbcUrl().substring("jdbc:postgresql://".length());
        return "postgres://" + role + ":" + uriEncoded(password) + "@" + hostPortDatabase;
    }

    /** @return a {@code jdbc:postgresql:} URL of the test database with the credentials as parameters */
    String jdbcUrl(String role, String password) {
        String url = database.jdbcUrl();
        return url + (url.contains("?") ? "&" : "?") + "user=" + role + "&password=" + uriEncoded(password);
    }

    /** @return a plain connection to the test database as {@code role} */
    Connection connect(String role, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", role);
        credentials.setProperty("password", password);
        return DriverManager.getConnection(database.jdbcUrl(), credentials);
    }

    /** Runs SQL as the test database's own (privileged) user. */
    void asAdmin(String sql) {
        database.execute(sql);
    }

    @Override
    public void close() throws SQLException {
        for (String role : created) {
            // DROP OWNED also revokes what the role was granted (here and on the database itself).
            asAdmin("drop owned by " + role + " cascade");
            asAdmin("drop role " + role);
        }
        created.clear();
    }

    static String uriEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
