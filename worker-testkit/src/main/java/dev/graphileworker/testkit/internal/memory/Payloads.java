package dev.graphileworker.testkit.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.PayloadConversion;
import java.util.Optional;

/** Turns what a producer passes as a payload into the JSON value the {@code payload json} column holds. */
public final class Payloads {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Optional<PayloadMapper> applicationMapper;

    /** @param applicationMapper the application's mapper of payloads; empty for a plain Jackson 2 mapper */
    public Payloads(Optional<PayloadMapper> applicationMapper) {
        this.applicationMapper = applicationMapper;
    }

    /**
     * {@code null} becomes {@code {}} (add_job's default); a {@link JsonNode} is copied so the caller
     * cannot change a stored job by mutating its tree; a {@code String} is a JSON string, as any other
     * object is the JSON the application's mapper (or, without one, Jackson) makes of it.
     */
    public JsonNode toJson(String identifier, Object payload) {
        if (payload == null) {
            return mapper.createObjectNode();
        }
        if (payload instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (applicationMapper.isPresent()) {
            // Copied, as the PostgreSQL column would be: the mapper may hand out a tree it keeps.
            return PayloadConversion.toJson(applicationMapper.get(), identifier, payload).deepCopy();
        }
        try {
            JsonNode node = mapper.valueToTree(payload);
            return node == null ? NullNode.getInstance() : node;
        } catch (IllegalArgumentException e) {
            throw new WorkerException("The payload of the '" + identifier + "' job cannot be turned into JSON ("
                    + payload.getClass().getName() + "): " + e.getMessage(), e);
        }
    }

    /** SQL {@code jobs.payload::jsonb || excluded.payload::jsonb}, used when both payloads are arrays. */
    static JsonNode merge(JsonNode existing, JsonNode added) {
        if (existing instanceof ArrayNode before && added instanceof ArrayNode after) {
            return JsonNodeFactory.instance.arrayNode().addAll(before.deepCopy()).addAll(after.deepCopy());
        }
        return added;
    }
}
