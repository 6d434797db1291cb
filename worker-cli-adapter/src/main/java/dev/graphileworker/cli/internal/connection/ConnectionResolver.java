package dev.graphileworker.cli.internal.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which database the command uses, the way graphile-worker and libpq do: {@code -c}, then
 * {@code DATABASE_URL}, then the libpq variables {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
 * {@code PGPASSWORD}, {@code PGDATABASE} (and {@code PGSSLMODE}). With none of them, there is no
 * explicit connection and the caller starts the embedded database.
 */
public final class ConnectionResolver {

    private static final List<String> LIBPQ_VARIABLES =
            List.of("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE");

    private final Map<String, String> environment;
    private final String osUser;

    /**
     * @param environment the process environment
     * @param osUser the operating-system user, libpq's default role name
     */
    public ConnectionResolver(Map<String, String> environment, String osUser) {
        this.environment = Map.copyOf(environment);
        this.osUser = osUser;
    }

    /**
     * @param connectionOption the value of {@code -c}, or {@code null}
     * @return a connection string for the worker, or empty when nothing names a database
     * @throws IllegalArgumentException for a setting the driver cannot use, never quoting a password
     */
    public Optional<String> resolve(String connectionOption) {
        if (connectionOption != null) {
            if (connectionOption.isBlank()) {
                throw new IllegalArgumentException("--connection is empty");
            }
            return Optional.of(isConnectionString(connectionOption)
                    ? connectionOption : fromLibpqVariables(connectionOption));
        }
        String databaseUrl = variable("DATABASE_URL");
        if (databaseUrl != null) {
            if (!isConnectionString(databaseUrl)) {
                throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or "
                        + "jdbc:postgresql:");
            }
            return Optional.of(databaseUrl);
        }
        if (LIBPQ_VARIABLES.stream().anyMatch(name -> variable(name) != null)) {
            return Optional.of(fromLibpqVariables(null));
        }
        return Optional.empty();
    }

    private String fromLibpqVariables(String databaseName) {
        String host = valueOr("PGHOST", "localhost");
        if (host.startsWith("/")) {
            throw new IllegalArgumentException("PGHOST names a socket directory (" + host + "); the JDBC driver "
                    + "connects over TCP only: set PGHOST to a host name such as localhost");
        }
        String port = valueOr("PGPORT", "5432");
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("PGPORT must be a port number, was '" + port + "'");
        }
        String user = valueOr("PGUSER", osUser);
        String database = databaseName != null ? databaseName : valueOr("PGDATABASE", user);
        StringBuilder uri = new StringBuilder("postgres://").append(encode(user));
        String password = variable("PGPASSWORD");
        if (password != null) {
            uri.append(':').append(encode(password));
        }
        uri.append('@').append(host).append(':').append(port).append('/').append(encode(database));
        List<String> parameters = new ArrayList<>();
        String sslMode = variable("PGSSLMODE");
        if (sslMode != null) {
            parameters.add("sslmode=" + encode(sslMode));
        }
        if (!parameters.isEmpty()) {
            uri.append('?').append(String.join("&", parameters));
        }
        return uri.toString();
    }

    private static boolean isConnectionString(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("postgres://") || lower.startsWith("postgresql://")
                || lower.startsWith("jdbc:postgresql:");
    }

    private String valueOr(String name, String fallback) {
        String value = variable(name);
        return value != null ? value : fallback;
    }

    /** An empty variable counts as unset, as in libpq. */
    private String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String encode(String component) {
        return URLEncoder.encode(component, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
