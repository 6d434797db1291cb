package dev.graphileworker.spring.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.PayloadMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads written and bound by the application's Jackson 3 mapper, so a job's payload looks as the
 * application's JSON looks elsewhere (its naming strategy, modules, date format). The library's
 * payload tree is Jackson 2's, so values cross as JSON text; only typed payloads pay for that.
 */
public final class Jackson3PayloadMapper implements PayloadMapper {

    private final JsonMapper applicationMapper;
    private final ObjectMapper treeReader = new ObjectMapper();

    /** @param applicationMapper the application's mapper */
    public Jackson3PayloadMapper(JsonMapper applicationMapper) {
        this.applicationMapper = applicationMapper;
    }

    @Override
    public JsonNode toJson(Object payload) {
        String json;
        try {
            json = applicationMapper.writeValueAsString(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The payload (" + payload.getClass().getName()
                    + ") cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return treeReader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The application's JSON mapper wrote text that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T fromJson(JsonNode payload, Class<T> type) {
        try {
            return applicationMapper.readValue(payload.toString(), type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The payload cannot be bound to " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
