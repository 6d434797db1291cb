package dev.graphileworker.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to the dashboard, whatever server carries it.
 *
 * @param method the HTTP method ({@code GET}, {@code HEAD}, ...)
 * @param path the path below the dashboard's base path, starting with {@code /} ({@code /jobs/42})
 * @param query the query parameters, each with its values in order
 */
public record DashboardRequest(String method, String path, Map<String, List<String>> query) {

    /**
     * Copies the query parameters.
     *
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param query the query parameters
     */
    public DashboardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        query = Map.copyOf(copy);
        if (path.isEmpty()) {
            path = "/";
        }
    }

    /**
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param rawQuery the query string as sent (percent-encoded, without {@code ?}), or {@code null}
     * @return the request
     */
    public static DashboardRequest of(String method, String path, String rawQuery) {
        return new DashboardRequest(method, path, parseQuery(rawQuery));
    }

    /**
     * @param pathAndQuery a path with its query string, such as {@code /jobs?state=failed}
     * @return a {@code GET} request of it
     */
    public static DashboardRequest get(String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        return of("GET", uri.getPath(), uri.getRawQuery());
    }

    /**
     * @param rawQuery a percent-encoded query string, or {@code null}
     * @return its parameters, in order
     */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new BadRequestException("Malformed query string: " + malformed.getMessage());
        }
    }

    /**
     * @param name a query parameter
     * @return its values, empty when absent
     */
    public List<String> values(String name) {
        return query.getOrDefault(name, List.of());
    }
}
