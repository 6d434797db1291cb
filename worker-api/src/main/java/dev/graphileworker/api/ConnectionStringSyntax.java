package dev.graphileworker.api;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two syntaxes {@link ConnectionString} reads: libpq's URI ({@code postgres://}, percent-encoded,
 * {@code +} is a plus) and the JDBC driver's URL ({@code jdbc:postgresql:}, whose database name and
 * parameter values the driver form-decodes, so {@code +} is a space there). No message quotes a
 * user name, password or parameter; where a mistyped password could have been split into other
 * parts, none of them is quoted either.
 */
final class ConnectionStringSyntax {

    /** A host as named, {@code null} for the default; its port, {@code null} when not named. */
    record Host(String name, Integer port) {
        String address() {
            return (name == null ? ConnectionString.DEFAULT_HOST : name) + ":"
                    + (port == null ? ConnectionString.DEFAULT_PORT : port);
        }
    }

    /** What a text names; {@code null} or empty for what it leaves out. */
    static final class Parts {
        List<Host> hosts = List.of();
        String user;
        String password;
        String database;
        final Map<String, String> parameters = new LinkedHashMap<>();

        ConnectionString build() {
            return new ConnectionString(hosts, user, password, database, parameters);
        }
    }

    private static final Pattern SCHEME = Pattern.compile("^((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]*:)");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    /** libpq's parameters that the JDBC driver spells differently. */
    private static final Map<String, String> JDBC_NAMES =
            Map.of("application_name", "ApplicationName", "connect_timeout", "connectTimeout");
    /** libpq's target_session_attrs values and the driver's nearest targetServerType. */
    private static final Map<String, String> TARGET_SERVER_TYPES = Map.of("any", "any", "read-write", "primary",
            "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

    private ConnectionStringSyntax() {
    }

    static ConnectionString parse(String text, String name) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        for (String scheme : List.of("postgresql://", "postgres://")) {
            if (lower.startsWith(scheme)) {
                return uri(trimmed.substring(scheme.length()), name);
            }
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return jdbc(trimmed.substring("jdbc:postgresql:".length()), name);
        }
        Matcher scheme = SCHEME.matcher(trimmed);
        throw new IllegalArgumentException(name + " must start with postgres://, postgresql:// or jdbc:postgresql: ("
                + (scheme.find() ? "it starts with '" + scheme.group(1) + "'" : "it has no scheme") + ")");
    }

    /** {@code [user[:password]@][host[:port][,...]][/database][?name=value&...]}, as libpq reads it. */
    private static ConnectionString uri(String rest, String name) {
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = rest.substring(0, authorityEnd);
        String tail = rest.substring(authorityEnd);
        int at = authority.indexOf('@');
        String hostList = at < 0 ? authority : authority.substring(at + 1);
        if (hostList.indexOf('@') >= 0 || tail.indexOf('@') >= 0) {
            // The credentials were cut short by an unencoded '@', '/' or '?': what follows may be
            // pieces of the password, so no part is quoted.
            throw new IllegalArgumentException(name + " has an '@' after its user name and password:"
                    + " percent-encode special characters in the user name, password and parameter values"
                    + " (for example '@' as %40, '/' as %2F, '?' as %3F)");
        }
        Parts parts = new Parts();
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            parts.user = emptyToNull(decode(colon < 0 ? userInfo : userInfo.substring(0, colon), name, "its user name"));
            if (colon >= 0) {
                parts.password = emptyToNull(decode(userInfo.substring(colon + 1), name, "its password"));
            }
        }
        if (!hostList.isEmpty()) {
            parts.hosts = hostsWithPorts(hostList, name, true);
        }
        int query = tail.indexOf('?');
        String path = query < 0 ? tail : tail.substring(0, query);
        if (path.startsWith("/")) {
            parts.database = emptyToNull(decode(path.substring(1), name, "its database name"));
        }
        if (query >= 0) {
            uriParameters(tail.substring(query + 1), parts, name);
        }
        return parts.build();
    }

    private static void uriParameters(String query, Parts parts, String name) {
        String hostNames = null;
        String ports = null;
        int index = 0;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            index++;
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(name + " has a query parameter that is not name=value (parameter "
                        + index + "): percent-encode any '&' or '=' inside a value");
            }
            String key = decode(pair.substring(0, equals), name, "the name of query parameter " + index);
            if (!PARAMETER_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException(name + " has an invalid name for query parameter " + index);
            }
            String value = decode(pair.substring(equals + 1), name, "the value of query parameter " + index);
            switch (key) {
                case "user" -> parts.user = emptyToNull(value);
                case "password" -> parts.password = emptyToNull(value);
                case "dbname" -> parts.database = emptyToNull(value);
                case "host" -> hostNames = value;
                case "port" -> ports = value;
                case "target_session_attrs" -> parts.parameters.put("targetServerType", targetServerType(value, name));
                default -> parts.parameters.put(JDBC_NAMES.getOrDefault(key, key), value);
            }
        }
        if (hostNames != null) {
            parts.hosts = hostNames.isEmpty() ? List.of() : hostNames(hostNames, name);
        }
        if (ports != null && !ports.isEmpty()) {
            parts.hosts = withPorts(parts.hosts, ports, name, true);
        }
    }

    /** {@code [//host[:port][,...]/]database[?name=value&...]}, as the JDBC driver reads it. */
    private static ConnectionString jdbc(String rest, String name) {
        Parts parts = new Parts();
        int query = rest.indexOf('?');
        String server = query < 0 ? rest : rest.substring(0, query);
        String database = server;
        if (server.startsWith("//")) {
            String address = server.substring(2);
            int slash = address.indexOf('/');
            String hostList = slash < 0 ? address : address.substring(0, slash);
            database = slash < 0 ? "" : address.substring(slash + 1);
            if (!hostList.isEmpty()) {
                parts.hosts = hostsWithPorts(hostList, name, false);
            }
        }
        parts.database = emptyToNull(formDecode(database, name, "its database name"));
        if (query >= 0) {
            int index = 0;
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                index++;
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? ""
                        : formDecode(pair.substring(equals + 1), name, "the value of query parameter " + index);
                switch (key) {
                    case "user" -> parts.user = emptyToNull(value);
                    case "password" -> parts.password = emptyToNull(value);
                    default -> parts.parameters.put(key, value);
                }
            }
        }
        return parts.build();
    }

    /** {@code host[:port],...}, where a host may be an IPv6 address in brackets. */
    private static List<Host> hostsWithPorts(String list, String name, boolean percentEncoded) {
        String[] entries = list.split(",", -1);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            String where = entries.length == 1 ? "its host" : "host " + (i + 1);
            String entry = entries[i];
            String host = entry;
            String port = "";
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0 || !(close == entry.length() - 1 || entry.charAt(close + 1) == ':')) {
                    throw new IllegalArgumentException(name + " has a malformed IPv6 address in " + where
                            + ": expected [address] or [address]:port");
                }
                host = entry.substring(0, close + 1);
                port = entry.substring(Math.min(close + 2, entry.length()));
            } else {
                int colon = entry.indexOf(':');
                if (colon >= 0) {
                    host = entry.substring(0, colon);
                    port = entry.substring(colon + 1);
                }
                if (percentEncoded) {
                    host = decode(host, name, where);
                }
            }
            String which = entries.length == 1 ? "" : " for " + where;
            hosts.add(new Host(checkHost(host, name, where), port(port, name, which)));
        }
        return hosts;
    }

    /** {@code host,...} without ports, as in PGHOST and libpq's host parameter. */
    static List<Host> hostNames(String list, String name) {
        String[] entries = list.split(",", -1);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            String where = entries.length == 1 ? "its host" : "host " + (i + 1);
            hosts.add(new Host(checkHost(entries[i].strip(), name, where), null));
        }
        return hosts;
    }

    /**
     * Gives the hosts the ports of a list (PGPORT, libpq's port parameter): one port for all, or one
     * per host. No hosts means the default host.
     *
     * @param replace whether a port already named gives way
     */
    static List<Host> withPorts(List<Host> hosts, String portList, String name, boolean replace) {
        List<Host> targets = hosts.isEmpty() ? List.of(new Host(null, null)) : hosts;
        String[] ports = portList.split(",", -1);
        if (ports.length != 1 && ports.length != targets.size()) {
            throw new IllegalArgumentException(name + " names " + ports.length + " ports for " + targets.size()
                    + " hosts: name one port for all, or one for each host");
        }
        List<Host> result = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Host host = targets.get(i);
            String port = ports[ports.length == 1 ? 0 : i].strip();
            Integer number = port(port, name, ports.length == 1 ? "" : " (port " + (i + 1) + " of the list)");
            boolean keep = number == null || host.port() != null && !replace;
            result.add(keep ? host : new Host(host.name(), number));
        }
        return result;
    }

    /** @param where which port of several, such as {@code " for host 2"}; empty when there is one */
    private static Integer port(String port, String name, String where) {
        if (port.isEmpty()) {
            return null;
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(name + " has an invalid port '" + port + "'" + where
                    + ": expected a number from 1 to 65535");
        }
        return Integer.valueOf(port);
    }

    private static String checkHost(String host, String name, String where) {
        if (host.isEmpty()) {
            return null;
        }
        if (host.startsWith("/")) {
            throw new IllegalArgumentException(name + " names a socket directory (" + host + ") as " + where
                    + "; the JDBC driver connects over TCP only: use a host name such as localhost");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || "/?#@,&=\\\"'".indexOf(c) >= 0) {
                throw new IllegalArgumentException(name + " has a character no host name has in " + where);
            }
        }
        // An IPv6 address from PGHOST or a parameter: brackets keep its colons apart from the port.
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String targetServerType(String value, String name) {
        String type = TARGET_SERVER_TYPES.get(value);
        if (type == null) {
            throw new IllegalArgumentException(name + " has an unknown target_session_attrs '" + value
                    + "': expected any, read-write, read-only, primary, standby or prefer-standby");
        }
        return type;
    }

    /** libpq's decoding: {@code %XX} only, {@code +} stays a plus; {@code %00} is refused, as libpq does. */
    static String decode(String text, String name, String where) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0 || high + low == 0) {
                throw new IllegalArgumentException(name + " has a malformed percent-encoding in " + where);
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The JDBC driver's decoding of its URL: form decoding, where {@code +} is a space. */
    private static String formDecode(String text, String name, String where) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " has a malformed percent-encoding in " + where);
        }
    }

    /** Encodes for the JDBC driver, which form-decodes its URL. */
    static String formEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, for a URI. */
    static String percentEncode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
