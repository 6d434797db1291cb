package dev.graphileworker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link PayloadMapper#jackson}: Jackson 2's {@code valueToTree} and {@code treeToValue}. */
final class JacksonPayloadMapper implements PayloadMapper {

    private final ObjectMapper mapper;

    JacksonPayloadMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public JsonNode toJson(Object payload) {
        JsonNode node = mapper.valueToTree(payload);
        return node == null ? mapper.nullNode() : node;
    }

    @Override
    public <T> T fromJson(JsonNode payload, Class<T> type) {
        try {
            return mapper.treeToValue(payload, type);
        } catch (JsonProcessingException e) {
            // Jackson's exception stays the cause: payloadAs reads the offending field from it.
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PayloadMapper.jackson";
    }
}
