package dev.graphileworker.postgres.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.PayloadMapper;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The library's payload mapper asks for its Jackson mapper only when it first maps a payload, and
 * then maps as {@link PayloadMapper#jackson} does.
 */
class JacksonOnFirstUseTest {

    record Email(String to) {
    }

    @Test
    void theMapperIsAskedForOnlyWhenAPayloadIsFirstMapped() {
        AtomicInteger asked = new AtomicInteger();
        ObjectMapper objectMapper = new ObjectMapper();
        Supplier<ObjectMapper> onRequest = () -> {
            asked.incrementAndGet();
            return objectMapper;
        };

        PayloadMapper mapper = new JacksonOnFirstUse(onRequest);
        assertThat(asked).hasValue(0);

        assertThat(mapper.toJson(new Email("ada@example.com")))
                .isEqualTo(objectMapper.valueToTree(Map.of("to", "ada@example.com")));
        assertThat(mapper.fromJson(objectMapper.valueToTree(Map.of("to", "bob@example.com")), Email.class))
                .isEqualTo(new Email("bob@example.com"));
        assertThat(asked).as("asked once, then kept").hasValue(1);
    }

    @Test
    void aPayloadThatDoesNotFitIsRefusedAsByTheJacksonMapper() {
        PayloadMapper mapper = new JacksonOnFirstUse(ObjectMapper::new);

        assertThatThrownBy(() -> mapper.fromJson(new ObjectMapper().valueToTree(Map.of("to", Map.of())), Email.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(mapper).hasToString("PayloadMapper.jackson");
    }
}
