package dev.graphileworker.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** IDEs complete and describe every property: the metadata in the jar lists each, with a description. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedInTheMetadata() throws Exception {
        JsonNode metadata;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).as("the generated metadata").isNotNull();
            metadata = new ObjectMapper().readTree(json);
        }
        Map<String, String> descriptions = new HashMap<>();
        metadata.path("properties").forEach(property ->
                descriptions.put(property.path("name").asText(), property.path("description").asText()));

        Stream<String> switches = Stream.of("graphile.worker.tracing.enabled", "management.health.graphileworker.enabled");
        String[] expected = Stream.of(switches, properties("graphile.worker.", GraphileWorkerProperties.class),
                        properties("graphile.worker.dashboard.", GraphileWorkerDashboardProperties.class))
                .flatMap(names -> names)
                .toArray(String[]::new);
        assertThat(descriptions).containsOnlyKeys(expected);
        descriptions.forEach((name, description) -> assertThat(description).as(name).isNotBlank());
    }

    private static Stream<String> properties(String prefix, Class<?> type) throws IntrospectionException {
        return Arrays.stream(Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors())
                .map(PropertyDescriptor::getName)
                .map(name -> prefix + name.replaceAll("([A-Z])", "-$1").toLowerCase());
    }

    @Test
    void theAutoConfigurationIsRegistered() throws IOException {
        try (InputStream imports = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(imports).isNotNull();
            assertThat(new String(imports.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
                    .isEqualTo("dev.graphileworker.spring.autoconfigure.GraphileWorkerAutoConfiguration");
        }
    }
}
