package dev.graphileworker.postgres.internal.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.PayloadMapper;
import java.util.function.Supplier;

/** {@link PayloadMapper#jackson} on the library's mapper, which it asks for when it first maps a payload. */
final class JacksonOnFirstUse implements PayloadMapper {

    private final Supplier<ObjectMapper> objectMapper;
    private volatile PayloadMapper jackson;

    JacksonOnFirstUse(Supplier<ObjectMapper> objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public JsonNode toJson(Object payload) {
        return jackson().toJson(payload);
    }

    @Override
    public <T> T fromJson(JsonNode payload, Class<T> type) {
        return jackson().fromJson(payload, type);
    }

    private PayloadMapper jackson() {
        PayloadMapper made = jackson;
        if (made == null) {
            // Two threads may both get here: both wrap the same mapper, so either wrapper will do.
            made = PayloadMapper.jackson(objectMapper.get());
            jackson = made;
        }
        return made;
    }

    @Override
    public String toString() {
        return "PayloadMapper.jackson";
    }
}
