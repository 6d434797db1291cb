package dev.graphileworker.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.WorkerException;

/**
 * A payload the application adds, turned into JSON by the application's {@link PayloadMapper}: what
 * every adapter does before it stores a job, so that a mapper that fails is reported alike everywhere.
 */
public final class PayloadConversion {

    private PayloadConversion() {
    }

    /**
     * @param mapper the application's mapper
     * @param identifier the task of the job being added, to name in an error
     * @param payload the application's object, neither {@code null} nor a {@link JsonNode} (those need no mapper)
     * @return the payload's JSON, from the mapper
     * @throws WorkerException when the mapper throws or returns {@code null}; nothing is stored then
     */
    public static JsonNode toJson(PayloadMapper mapper, String identifier, Object payload) {
        JsonNode json;
        try {
            json = mapper.toJson(payload);
        } catch (RuntimeException e) {
            throw new WorkerException("The payload mapper could not turn the payload of the '" + identifier
                    + "' job (" + payload.getClass().getName() + ") into JSON: " + messageOf(e), e);
        }
        if (json == null) {
            throw new WorkerException("The payload mapper returned null for the payload of the '" + identifier
                    + "' job (" + payload.getClass().getName() + "); it must return a JsonNode (NullNode for null)");
        }
        return json;
    }

    /**
     * @param thrown what a mapper threw
     * @return its message, or its class name when it has none
     */
    public static String messageOf(Throwable thrown) {
        String message = thrown.getMessage();
        return message == null || message.isBlank() ? thrown.getClass().getName() : message;
    }
}
