package dev.graphileworker.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a PostgreSQL database is and how to log in, read from a {@code postgres://} or {@code
 * postgresql://} URI or a {@code jdbc:postgresql:} URL.
 *
 * <p>Query parameters (such as {@code sslmode}) are kept verbatim in both forms; {@code user} and
 * {@code password} parameters become the credentials. {@link #toString()} masks the password, and
 * so does every exception message of this class.
 */
public final class ConnectionUrl {

    private static final int DEFAULT_PORT = 5432;
    // Without a database in the URL we still need one to run CREATE DATABASE from.
    private static final String DEFAULT_DATABASE = "postgres";
    private static final String MASK = "***";
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)(password=)[^&]*");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private ConnectionUrl(
            String host,
            int port,
            String database,
            String user,
            String password,
            Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A URL with no query parameters. */
    public static ConnectionUrl of(
            String host, int port, String database, String user, String password) {
        return new ConnectionUrl(host, port, database, user, password, Map.of());
    }

    /**
     * @throws IllegalArgumentException if {@code text} is no PostgreSQL URL this class understands;
     *     the message shows the text with its password masked
     */
    public static ConnectionUrl parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (lower.startsWith("jdbc:postgresql://")) {
            rest = trimmed.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("jdbc:postgresql:")) {
            // jdbc:postgresql:database means localhost, the driver's own default.
            rest = "/" + trimmed.substring("jdbc:postgresql:".length());
        } else {
            throw invalid(
                    "expected postgres://, postgresql:// or jdbc:postgresql:", text);
        }

        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String afterAuthority = rest.substring(authorityEnd);
        int fragment = afterAuthority.indexOf('#');
        if (fragment >= 0) {
            afterAuthority = afterAuthority.substring(0, fragment);
        }
        int queryStart = afterAuthority.indexOf('?');
        String path = queryStart >= 0 ? afterAuthority.substring(0, queryStart) : afterAuthority;
        String query = queryStart >= 0 ? afterAuthority.substring(queryStart + 1) : "";

        String user = "";
        String password = "";
        int at = authority.lastIndexOf('@');
        String hostAndPort = authority;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostAndPort = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, text);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), text) : "";
        }
        if (hostAndPort.contains(",")) {
            throw invalid("several hosts are not supported", text);
        }

        String host;
        String portText = "";
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                throw invalid("unclosed [ in the host", text);
            }
            host = hostAndPort.substring(0, close + 1);
            String afterHost = hostAndPort.substring(close + 1);
            if (!afterHost.isEmpty()) {
                if (!afterHost.startsWith(":")) {
                    throw invalid("unexpected text after the host", text);
                }
                portText = afterHost.substring(1);
            }
        } else {
            int colon = hostAndPort.indexOf(':');
            host = decode(colon >= 0 ? hostAndPort.substring(0, colon) : hostAndPort, text);
            portText = colon >= 0 ? hostAndPort.substring(colon + 1) : "";
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        int port = parsePort(portText, text);

        String database = decode(path.startsWith("/") ? path.substring(1) : path, text);
        if (database.isEmpty()) {
            database = DEFAULT_DATABASE;
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals >= 0 ? pair.substring(0, equals) : pair, text);
            String value = equals >= 0 ? decode(pair.substring(equals + 1), text) : "";
            if (key.equals("user") && user.isEmpty()) {
                user = value;
            } else if (key.equals("password") && password.isEmpty()) {
                password = value;
            } else if (!key.equals("user") && !key.equals("password")) {
                parameters.put(key, value);
            }
        }
        return new ConnectionUrl(host, port, database, user, password, parameters);
    }

    /**
     * Masks what looks like a password in a URL that may not even parse, so that it can go into a
     * message. Masks too much rather than too little.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        int scheme = result.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int at = result.lastIndexOf('@');
            if (at > start) {
                int colon = result.indexOf(':', start);
                if (colon >= 0 && colon < at) {
                    result = result.substring(0, colon + 1) + MASK + result.substring(at);
                }
            }
        }
        return PASSWORD_PARAMETER.matcher(result).replaceAll("$1" + MASK);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** @return the password, empty when there is none */
    public String password() {
        return password;
    }

    /** @return the query parameters other than user and password, in their original order */
    public Map<String, String> parameters() {
        return parameters;
    }

    public ConnectionUrl withDatabase(String newDatabase) {
        return new ConnectionUrl(host, port, newDatabase, user, password, parameters);
    }

    /** Fills in the user and the password where the URL names none, as libpq does. */
    public ConnectionUrl withDefaultCredentials(String defaultUser, String defaultPassword) {
        return new ConnectionUrl(
                host,
                port,
                database,
                user.isEmpty() ? defaultUser : user,
                password.isEmpty() ? defaultPassword : password,
                parameters);
    }

    /** @return a {@code jdbc:postgresql:} URL without credentials */
    public String jdbcUrl() {
        StringBuilder url =
                new StringBuilder("jdbc:postgresql://")
                        .append(host)
                        .append(':')
                        .append(port)
                        .append('/')
                        .append(formEncode(database));
        if (!parameters.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            // The driver decodes its URL with URLDecoder, hence form encoding here.
            parameters.forEach((k, v) -> query.add(formEncode(k) + "=" + formEncode(v)));
            url.append(query);
        }
        return url.toString();
    }

    /** @return a {@code postgres://user:password@host:port/database} URI, percent-encoded */
    public String uri() {
        return uri(false);
    }

    /** @return a non-pooled data source with the credentials set */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        if (!user.isEmpty()) {
            dataSource.setUser(user);
        }
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** @return the URI with the password masked */
    @Override
    public String toString() {
        return uri(true);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ConnectionUrl)) {
            return false;
        }
        ConnectionUrl that = (ConnectionUrl) other;
        return port == that.port
                && host.equals(that.host)
                && database.equals(that.database)
                && user.equals(that.user)
                && password.equals(that.password)
                && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, password, parameters);
    }

    private String uri(boolean maskPassword) {
        StringBuilder uri = new StringBuilder("postgres://");
        if (!user.isEmpty()) {
            uri.append(percentEncode(user));
            if (!password.isEmpty()) {
                uri.append(':').append(maskPassword ? MASK : percentEncode(password));
            }
            uri.append('@');
        }
        uri.append(host).append(':').append(port).append('/').append(percentEncode(database));
        if (!parameters.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            parameters.forEach((k, v) -> query.add(percentEncode(k) + "=" + percentEncode(v)));
            uri.append(query);
        }
        return uri.toString();
    }

    private static int parsePort(String portText, String text) {
        if (portText.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw invalid("port out of range", text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw invalid("the port is not a number", text);
        }
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    // Only %XX: libpq leaves '+' alone, unlike form decoding.
    private static String decode(String encoded, String text) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw invalid("incomplete percent-encoding", text);
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw invalid("invalid percent-encoding", text);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static IllegalArgumentException invalid(String problem, String text) {
        return new IllegalArgumentException(
                "Not a usable PostgreSQL URL (" + problem + "): " + redact(text));
    }
}
