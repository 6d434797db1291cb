package dev.graphileworker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final BackoffPolicy policy = BackoffPolicy.exponential();

    @Test
    void firstRetryWaitsESeconds() {
        assertThat(seconds(1)).isCloseTo(Math.E, within(1e-6));
    }

    @Test
    void secondRetryWaitsESquaredSeconds() {
        assertThat(seconds(2)).isCloseTo(Math.E * Math.E, within(1e-6));
    }

    @Test
    void delayStopsGrowingAtTheTenthAttempt() {
        assertThat(seconds(10)).isCloseTo(Math.exp(10), within(1e-3));
        assertThat(seconds(25)).isEqualTo(seconds(10));
    }

    private double seconds(int attempts) {
        return policy.delayAfter(attempts).toNanos() / 1e9;
    }
}
