package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.graphileworker.api.WorkerException;

/** Turns what a producer passes as a payload into the JSON value the {@code payload json} column holds. */
final class Payloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    /**
     * {@code null} becomes {@code {}} (add_job's default); a {@link JsonNode} is copied so the caller
     * cannot change a stored job by mutating its tree; a {@code String} is a JSON string, as any other
     * object is the JSON Jackson makes of it.
     */
    static JsonNode toJson(String identifier, Object payload) {
        if (payload == null) {
            return MAPPER.createObjectNode();
        }
        if (payload instanceof JsonNode node) {
            return node.deepCopy();
        }
        try {
            JsonNode node = MAPPER.valueToTree(payload);
            return node == null ? NullNode.getInstance() : node;
        } catch (IllegalArgumentException e) {
            throw new WorkerException("The payload of the '" + identifier + "' job cannot be turned into JSON ("
                    + payload.getClass().getName() + "): " + e.getMessage(), e);
        }
    }

    /** SQL {@code jobs.payload::jsonb || excluded.payload::jsonb}, used when both payloads are arrays. */
    static JsonNode merge(JsonNode existing, JsonNode added) {
        if (existing instanceof ArrayNode before && added instanceof ArrayNode after) {
            return MAPPER.createArrayNode().addAll(before.deepCopy()).addAll(after.deepCopy());
        }
        return added;
    }
}
