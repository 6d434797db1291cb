package dev.graphileworker.examples.orders;

import com.zaxxer.hikari.HikariConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Turns a {@code DATABASE_URL} into a pool configuration. The worker accepts such URLs itself, but the
 * application's own pool wants a JDBC URL, with the user and password apart.
 */
final class DatabaseUrl {

    private DatabaseUrl() {
    }

    /**
     * @param url a {@code postgres://user:password@host:port/database?params} URI or a
     *     {@code jdbc:postgresql:} URL
     * @return a pool configuration for it
     * @throws IllegalArgumentException when it is neither (the message never shows the password)
     */
    static HikariConfig poolConfig(String url) {
        HikariConfig config = new HikariConfig();
        if (url.startsWith("jdbc:postgresql:")) {
            config.setJdbcUrl(url);
            return config;
        }
        URI uri = parse(url);
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql") || uri.getHost() == null) {
            throw malformed();
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            config.setUsername(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                config.setPassword(userInfo.substring(colon + 1));
            }
        }
        return config;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            // The parser's message quotes the whole URL, password included.
            throw malformed();
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("DATABASE_URL must look like postgres://user:password@host:port/database"
                + " or jdbc:postgresql://host:port/database");
    }
}
