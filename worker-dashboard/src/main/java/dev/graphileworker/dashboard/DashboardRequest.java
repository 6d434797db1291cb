package dev.graphileworker.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the dashboard, whatever server carries it.
 *
 * @param method the HTTP method ({@code GET}, {@code HEAD}, ...)
 * @param path the path below the dashboard's base path, starting with {@code /} ({@code /jobs/42})
 * @param query the query parameters, each with its values in order
 * @param form the parameters of a form sent with {@code POST} ({@code application/x-www-form-urlencoded}),
 *     empty for other requests
 * @param headers the request headers that actions check ({@code Sec-Fetch-Site}, {@code Content-Type}),
 *     by lower-case name; a server may pass all of its headers or none
 */
public record DashboardRequest(String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> form, Map<String, String> headers) {

    /**
     * Copies the parameters and headers.
     *
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param query the query parameters
     * @param form the form's parameters
     * @param headers request headers, by name (any case)
     */
    public DashboardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = copy(query);
        form = copy(form);
        Map<String, String> lowerCase = new LinkedHashMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCase);
        if (path.isEmpty()) {
            path = "/";
        }
    }

    /**
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param rawQuery the query string as sent (percent-encoded, without {@code ?}), or {@code null}
     * @return the request, without a form or headers
     */
    public static DashboardRequest of(String method, String path, String rawQuery) {
        return new DashboardRequest(method, path, parseQuery(rawQuery), Map.of(), Map.of());
    }

    /**
     * @param method the HTTP method
     * @param path the path below the dashboard's base path
     * @param rawQuery the query string as sent (percent-encoded, without {@code ?}), or {@code null}
     * @param formBody the body of a {@code POST} of {@code application/x-www-form-urlencoded}, or {@code null}
     * @param headers request headers, by name (any case)
     * @return the request
     */
    public static DashboardRequest of(String method, String path, String rawQuery, String formBody,
            Map<String, String> headers) {
        return new DashboardRequest(method, path, parseQuery(rawQuery), parseQuery(formBody), headers);
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

    /**
     * @param name a parameter of the form sent
     * @return its values, empty when absent
     */
    public List<String> formValues(String name) {
        return form.getOrDefault(name, List.of());
    }

    /**
     * @param name a header's name, in any case
     * @return its value, if the server passed it
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> parameters) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Map.copyOf(copy);
    }
}
