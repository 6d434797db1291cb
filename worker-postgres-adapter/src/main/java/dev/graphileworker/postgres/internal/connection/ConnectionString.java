package dev.graphileworker.postgres.internal.connection;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A connection string taken apart: {@code postgres://} and {@code postgresql://} URIs (libpq's
 * form) become a JDBC URL plus separate credentials; {@code jdbc:postgresql:} URLs pass through.
 * {@link #toString()} masks the password, so an instance is safe to log.
 */
public final class ConnectionString {

    private static final Pattern URI = Pattern.compile(
            "(?i)^postgres(?:ql)?://(?:(?<user>[^:@/]*)(?::(?<password>[^@/]*))?@)?(?<hosts>[^/?]*)"
                    + "(?:/(?<database>[^?]*))?(?:\\?(?<query>.*))?$");
    /** libpq parameter names that pgjdbc spells differently. */
    private static final Map<String, String> JDBC_NAMES = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String display;

    private ConnectionString(String jdbcUrl, String user, String password, String display) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.display = display;
    }

    /**
     * @param text a {@code postgres://} or {@code postgresql://} URI or a {@code jdbc:postgresql:} URL
     * @return the parsed connection string
     * @throws IllegalArgumentException naming the problem (never quoting the password)
     */
    public static ConnectionString parse(String text) {
        if (text.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return new ConnectionString(text, null, null, withoutParameters(text));
        }
        Matcher m = URI.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("connectionString is not a postgres:// URI of the form "
                    + "postgres://user:password@host:port/database?param=value");
        }
        if (text.indexOf('@', m.start("hosts")) >= 0) {
            // An '@' past the credentials means they were cut short by an unencoded '@' or '/', so the
            // host, port or database parsed from here on may be pieces of the password: quote none.
            throw new IllegalArgumentException("connectionString has an '@' after its user name and password;"
                    + " percent-encode special characters in the user name, password and parameters"
                    + " (for example '@' as %40, '/' as %2F)");
        }
        String user = decode(m.group("user"), "user name");
        String password = decode(m.group("password"), "password");
        String hosts = m.group("hosts").isEmpty() ? "localhost" : m.group("hosts");
        checkHosts(hosts);
        String database = decode(m.group("database"), "database name");
        Map<String, String> parameters = queryParameters(m.group("query"));
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(hosts).append('/');
        if (database != null && !database.isEmpty()) {
            url.append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
        } else if (user != null && !user.isEmpty()) {
            // libpq connects to the database named like the user when none is given.
            url.append(URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (!parameters.isEmpty()) {
            url.append('?').append(parameters.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")));
        }
        String display = "postgres://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + hosts + "/" + (database == null ? "" : database);
        return new ConnectionString(url.toString(), emptyToNull(user), password, display);
    }

    /** @return the JDBC URL, without the credentials of a URI */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user, or {@code null} when the URL or the driver's defaults decide */
    public String user() {
        return user;
    }

    /** @return the password, or {@code null} when none was given */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return display;
    }

    /**
     * Parameters of a JDBC URL may hold a password, in any spelling ({@code password=},
     * {@code sslpassword=}) and possibly unencoded, so the displayed form leaves them all out.
     */
    private static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    private static void checkHosts(String hosts) {
        for (String host : hosts.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon > 0 && !host.endsWith("]")) {
                String port = host.substring(colon + 1);
                if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("connectionString has an invalid port '" + port
                            + "': expected a number from 1 to 65535");
                }
            }
        }
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("connectionString has a malformed parameter '"
                        + pair.replaceAll("(?i)password.*", "password...") + "': expected name=value");
            }
            String name = decode(pair.substring(0, equals), "parameter name");
            String value = decode(pair.substring(equals + 1), "parameter value");
            parameters.put(JDBC_NAMES.getOrDefault(name, name), value);
        }
        return parameters;
    }

    private static String decode(String part, String what) {
        if (part == null) {
            return null;
        }
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connectionString has a malformed percent-encoding in its " + what);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
