package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    private final Instant start = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = MutableClock.at(start);

    @Test
    void movesForwardByADurationOrToAMoment() {
        clock.advance(Duration.ofMinutes(1));
        clock.advanceTo(start.plusSeconds(3600));

        assertThat(clock.instant()).isEqualTo(start.plusSeconds(3600));
    }

    @Test
    void refusesToGoBackSoThatATestCannotUndoABackOff() {
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> clock.advanceTo(start))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(60));
    }
}
