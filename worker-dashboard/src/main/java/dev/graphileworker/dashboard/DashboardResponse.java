package dev.graphileworker.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's answer, for the server that carries it to write as it is.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param headers further headers (security and caching)
 * @param body the body
 */
public record DashboardResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    /**
     * Copies the headers.
     *
     * @param status the HTTP status
     * @param contentType the {@code Content-Type}
     * @param headers further headers
     * @param body the body
     */
    public DashboardResponse {
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** @return the body as UTF-8 text */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
