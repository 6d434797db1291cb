package dev.graphileworker.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * A job's payload, as given or as stored: JSON text read from the database is parsed when the payload
 * is first asked for, by whichever thread asks (the runner that starts the job, usually), rather than by
 * the thread that claimed a whole batch of jobs. A payload nobody reads (those of the jobs that
 * {@code add_jobs} returns, usually) is never parsed.
 *
 * <p>Two payloads are equal when their JSON is.
 */
public final class StoredPayload {

    private final Function<String, JsonNode> parser;
    private String text;
    private volatile JsonNode json;

    private StoredPayload(String text, Function<String, JsonNode> parser, JsonNode json) {
        this.text = text;
        this.parser = parser;
        this.json = json;
    }

    /** @return the payload {@code json}, already parsed */
    public static StoredPayload of(JsonNode json) {
        return new StoredPayload(null, null, Objects.requireNonNull(json, "json"));
    }

    /**
     * @param text the payload's JSON text
     * @param parser parses it, the first time the payload is asked for; what it throws reaches the one
     *     who asked
     */
    public static StoredPayload parsedOnFirstUse(String text, Function<String, JsonNode> parser) {
        return new StoredPayload(Objects.requireNonNull(text, "text"), Objects.requireNonNull(parser, "parser"),
                null);
    }

    /** @return the payload as JSON, parsed on the first call */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            synchronized (this) {
                parsed = json;
                if (parsed == null) {
                    parsed = Objects.requireNonNull(parser.apply(text), "the parsed payload");
                    json = parsed;
                    text = null;
                }
            }
        }
        return parsed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredPayload payload && json().equals(payload.json());
    }

    @Override
    public int hashCode() {
        return json().hashCode();
    }

    @Override
    public String toString() {
        JsonNode parsed = json;
        if (parsed != null) {
            return parsed.toString();
        }
        synchronized (this) {
            return json != null ? json.toString() : text;
        }
    }
}
