package dev.graphileworker.testkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalServerSourceTest {

    @Test
    void nothingListeningMeansUnavailableNotBroken() {
        // Port 1 on loopback refuses at once.
        LocalServerSource source = new LocalServerSource(Map.of("PGPASSWORD", "pg-secret"), 1);

        assertThatThrownBy(source::open)
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("nothing answered on 127.0.0.1:1")
                .hasMessageNotContaining("pg-secret");
    }
}
