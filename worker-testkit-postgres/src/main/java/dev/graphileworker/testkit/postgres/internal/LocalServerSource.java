package dev.graphileworker.testkit.postgres.internal;

import dev.graphileworker.api.ConnectionString;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The server most developer machines and CI images run: 127.0.0.1:5432, as {@code PGUSER} (default
 * {@code postgres}) with {@code PGPASSWORD}.
 */
public final class LocalServerSource implements ServerSource {

    // Where nothing listens the connection is refused at once, so patience costs nothing there; a server
    // that does listen answers in milliseconds, but on a loaded machine starting a session may take seconds,
    // and giving up then would quietly move the whole run to another source.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SQLSTATE_UNABLE_TO_CONNECT = "08001";

    private final Map<String, String> environment;
    private final int port;

    public LocalServerSource(Map<String, String> environment) {
        this(environment, 5432);
    }

    LocalServerSource(Map<String, String> environment, int port) {
        this.environment = environment;
        this.port = port;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String name() {
        return "local server";
    }

    @Override
    public DatabaseServer open() throws Exception {
        ConnectionString admin = ConnectionString.fromEnvironment(Map.of("PGHOST", "127.0.0.1",
                "PGPORT", String.valueOf(port), "PGDATABASE", "postgres",
                "PGUSER", environment.getOrDefault("PGUSER", "postgres"),
                "PGPASSWORD", environment.getOrDefault("PGPASSWORD", "")));
        try {
            return DatabaseServer.connect(name(), admin, TIMEOUT, () -> {});
        } catch (SQLException e) {
            // Nothing listening is the normal case on many machines, not a fault worth a warning.
            if (SQLSTATE_UNABLE_TO_CONNECT.equals(e.getSQLState())) {
                throw new SourceUnavailableException(
                        "nothing answered on 127.0.0.1:" + port + " within "
                                + TIMEOUT.toSeconds() + " s (" + e.getMessage() + ")");
            }
            throw e;
        }
    }
}
