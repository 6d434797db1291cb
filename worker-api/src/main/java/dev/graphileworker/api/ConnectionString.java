package dev.graphileworker.api;

import dev.graphileworker.api.ConnectionStringSyntax.Host;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where a PostgreSQL database is and how to log in, read the way libpq (and so {@code psql} and
 * graphile-worker for Node.js) reads it, and handed to the JDBC driver as a URL plus properties.
 * Immutable; {@link #toString()} masks the password, so an instance is safe to log.
 *
 * <p>It reads three forms:
 *
 * <ul>
 *   <li>libpq's URI, {@code postgres://} or {@code postgresql://}:
 *       {@code postgres://user:password@host:port,host2:port2/database?name=value&...}. User name,
 *       password, hosts, database and parameters are percent-decoded ({@code %40} is {@code @}; a
 *       {@code +} stays a plus). The query may hold libpq's {@code user}, {@code password},
 *       {@code dbname}, {@code host} and {@code port}, which win over the same setting in the rest of
 *       the URI; {@code application_name}, {@code connect_timeout} and {@code target_session_attrs}
 *       are translated to the driver's {@code ApplicationName}, {@code connectTimeout} and
 *       {@code targetServerType} ({@code read-write} and {@code primary} become {@code primary},
 *       {@code read-only} and {@code standby} become {@code secondary}, {@code prefer-standby}
 *       becomes {@code preferSecondary}); any other parameter, such as {@code sslmode},
 *       {@code sslrootcert} or the driver's own {@code prepareThreshold}, reaches the driver as it
 *       is.
 *   <li>the JDBC driver's URL, {@code jdbc:postgresql://host:port,.../database?name=value&...} or
 *       {@code jdbc:postgresql:database}, decoded as the driver decodes it ({@code +} is a space in
 *       the database name and parameter values); its {@code user} and {@code password} parameters
 *       are the credentials.
 *   <li>libpq's environment variables ({@link #ENVIRONMENT_VARIABLES}), alone with
 *       {@link #fromEnvironment} or filling in what a text leaves out with
 *       {@link #withEnvironmentDefaults}.
 * </ul>
 *
 * <p>What is left out is decided as libpq decides it: the host is {@code localhost} (libpq would
 * try its Unix socket first, but the JDBC driver connects over TCP only), the port 5432, the user
 * the operating-system user ({@code user.name}), the database the one named like the user, and
 * there is no password (the driver may still find one in {@code ~/.pgpass}). Several hosts are
 * tried in turn by the driver. Leading and trailing white space is ignored.
 *
 * <p>It refuses, with an {@link IllegalArgumentException} that names the part that is wrong and
 * never quotes a password: other schemes, a bare database name, libpq's {@code key=value} form, an
 * {@code @} after the credentials (an unencoded {@code @}, {@code /} or {@code ?} in a password),
 * malformed percent-encoding, ports that are not 1 to 65535, a socket directory as host, a
 * parameter of a URI without {@code =}, and an unknown {@code target_session_attrs}.
 *
 * <pre>{@code
 * ConnectionString db = ConnectionString.parse(System.getenv("DATABASE_URL"), "DATABASE_URL");
 * Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.properties());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ConnectionString {

    /** The variables libpq reads that {@link #fromEnvironment} and {@link #withEnvironmentDefaults} read. */
    public static final List<String> ENVIRONMENT_VARIABLES =
            List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSSLMODE");

    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_PORT = 5432;
    private static final ConnectionString NOTHING_NAMED = new ConnectionString(List.of(), null, null, null, Map.of());

    private final List<Host> hosts;
    private final String user;
    private final String password;
    private final String database;
    private final Map<String, String> parameters;

    ConnectionString(List<Host> hosts, String user, String password, String database, Map<String, String> parameters) {
        this.hosts = List.copyOf(hosts);
        this.user = user;
        this.password = password;
        this.database = database;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads a connection string; errors call it "connection string".
     *
     * @param text a {@code postgres://} or {@code postgresql://} URI or a {@code jdbc:postgresql:} URL
     * @return the connection string
     * @throws IllegalArgumentException when the text is none of these or a part of it is malformed;
     *     the message names the part and never quotes the password
     * @throws NullPointerException when {@code text} is null
     */
    public static ConnectionString parse(String text) {
        return parse(text, "connection string");
    }

    /**
     * Reads a connection string, naming it in errors as its source is known to the user.
     *
     * @param text a {@code postgres://} or {@code postgresql://} URI or a {@code jdbc:postgresql:} URL
     * @param name what the user calls the text, such as {@code DATABASE_URL} or {@code --connection}
     * @return the connection string
     * @throws IllegalArgumentException when the text is none of these or a part of it is malformed;
     *     the message starts with {@code name}, names the part and never quotes the password
     * @throws NullPointerException when an argument is null
     */
    public static ConnectionString parse(String text, String name) {
        Objects.requireNonNull(name, "name");
        return ConnectionStringSyntax.parse(Objects.requireNonNull(text, name), name);
    }

    /**
     * The database libpq's variables name, as {@code psql} with no arguments would connect to it.
     *
     * @param environment the variables, such as {@code System.getenv()}; an empty value counts as
     *     unset, as in libpq
     * @return the connection string, with the defaults of this class for what the variables leave out
     * @throws IllegalArgumentException naming the variable, when one is unusable (a socket directory
     *     in {@code PGHOST}, a {@code PGPORT} that is not a port)
     * @throws NullPointerException when {@code environment} is null
     */
    public static ConnectionString fromEnvironment(Map<String, String> environment) {
        return NOTHING_NAMED.withEnvironmentDefaults(environment);
    }

    /**
     * Fills in what this connection string leaves out from libpq's variables, as libpq does: hosts
     * from {@code PGHOST} when it names none, {@code PGPORT} for hosts without a port, {@code PGUSER},
     * {@code PGPASSWORD} and {@code PGDATABASE} when it names no user, password or database, and
     * {@code PGSSLMODE} when it has neither {@code sslmode} nor the driver's {@code ssl}.
     *
     * @param environment the variables, such as {@code System.getenv()}; an empty value counts as unset
     * @return the completed connection string
     * @throws IllegalArgumentException naming the variable, when one that is used is unusable
     * @throws NullPointerException when {@code environment} is null
     */
    public ConnectionString withEnvironmentDefaults(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        List<Host> newHosts = hosts;
        String hostVariable = variable(environment, "PGHOST");
        if (newHosts.isEmpty() && hostVariable != null) {
            newHosts = ConnectionStringSyntax.hostNames(hostVariable, "PGHOST");
        }
        String portVariable = variable(environment, "PGPORT");
        if (portVariable != null) {
            newHosts = ConnectionStringSyntax.withPorts(newHosts, portVariable, "PGPORT", false);
        }
        Map<String, String> newParameters = new LinkedHashMap<>(parameters);
        String sslMode = variable(environment, "PGSSLMODE");
        if (sslMode != null && !parameters.containsKey("sslmode") && !parameters.containsKey("ssl")) {
            newParameters.put("sslmode", sslMode);
        }
        return new ConnectionString(newHosts, user != null ? user : variable(environment, "PGUSER"),
                password != null ? password : variable(environment, "PGPASSWORD"),
                database != null ? database : variable(environment, "PGDATABASE"), newParameters);
    }

    /**
     * @param newDatabase the database to connect to instead, not empty
     * @return this connection string with another database
     * @throws IllegalArgumentException when {@code newDatabase} is empty
     * @throws NullPointerException when {@code newDatabase} is null
     */
    public ConnectionString withDatabase(String newDatabase) {
        if (Objects.requireNonNull(newDatabase, "newDatabase").isEmpty()) {
            throw new IllegalArgumentException("the database name is empty");
        }
        return new ConnectionString(hosts, user, password, newDatabase, parameters);
    }

    /**
     * @return the user to log in as: the one named, else the operating-system user (the JVM's
     *     {@code user.name}, as libpq and the driver default to); never null, empty only when the JVM
     *     knows no user name
     */
    public String user() {
        return user != null ? user : System.getProperty("user.name", "");
    }

    /** @return the password, unless none was given; never logged or shown by this class */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the database to connect to: the one named, else the one named like the {@link #user()}; never null */
    public String database() {
        return database != null ? database : user();
    }

    /**
     * @return a {@code jdbc:postgresql://host:port[,host:port...]/database[?name=value&...]} URL with
     *     every host's port and every parameter but the user and the password, encoded as the driver
     *     decodes them; pass it with {@link #properties()}. It may hold secrets of other parameters
     *     (such as {@code sslpassword}): log {@link #toString()} instead.
     */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(addresses()).append('/')
                .append(ConnectionStringSyntax.formEncode(database()));
        if (!parameters.isEmpty()) {
            url.append('?').append(parameters.entrySet().stream()
                    .map(e -> e.getKey() + "=" + ConnectionStringSyntax.formEncode(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return url.toString();
    }

    /**
     * @return a new {@link Properties} with the driver's {@code user} (unless {@link #user()} is
     *     empty) and {@code password} (when given), for {@code DriverManager.getConnection(jdbcUrl(),
     *     properties())} or a pool's data source properties
     */
    public Properties properties() {
        Properties properties = new Properties();
        if (!user().isEmpty()) {
            properties.setProperty("user", user());
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /**
     * @return this connection string as a complete {@code postgres://} URI, password included and
     *     every part percent-encoded, for tools that take only a URI (such as {@code psql}); the
     *     parameters keep the driver's names (a libpq {@code application_name} comes back as
     *     {@code ApplicationName}). Never log it: log {@link #toString()}.
     */
    public String uri() {
        return uri(false);
    }

    /**
     * @return {@code postgres://user:***@host:port/database}, with {@code ?...} when there are
     *     parameters: no password, and no parameter, as one may hold a secret
     */
    @Override
    public String toString() {
        return uri(true);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionString that && hosts.equals(that.hosts) && Objects.equals(user, that.user)
                && Objects.equals(password, that.password) && Objects.equals(database, that.database)
                && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, user, password, database, parameters);
    }

    private String uri(boolean masked) {
        StringBuilder uri = new StringBuilder("postgres://");
        if (!user().isEmpty()) {
            uri.append(ConnectionStringSyntax.percentEncode(user()));
            if (password != null) {
                uri.append(':').append(masked ? "***" : ConnectionStringSyntax.percentEncode(password));
            }
            uri.append('@');
        }
        uri.append(addresses()).append('/').append(ConnectionStringSyntax.percentEncode(database()));
        if (!parameters.isEmpty()) {
            uri.append(masked ? "?..." : "?" + parameters.entrySet().stream()
                    .map(e -> ConnectionStringSyntax.percentEncode(e.getKey()) + "="
                            + ConnectionStringSyntax.percentEncode(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return uri.toString();
    }

    private String addresses() {
        List<Host> named = hosts.isEmpty() ? List.of(new Host(null, null)) : hosts;
        return named.stream().map(Host::address).collect(Collectors.joining(","));
    }

    /** An empty variable counts as unset, as in libpq. */
    private static String variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
