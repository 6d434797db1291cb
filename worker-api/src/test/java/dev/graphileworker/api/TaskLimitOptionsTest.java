package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TaskLimitOptionsTest {

    private static WorkerOptions.Builder builder() {
        return WorkerOptions.builder().connectionString("postgres://localhost/app");
    }

    @Test
    void noTaskIsLimitedByDefault() {
        assertThat(builder().build().taskLimits()).isEmpty();
    }

    @Test
    void aConcurrencyAndARateLimitOfOneTaskCombineAndTheLastOfEachWins() {
        WorkerOptions options = builder()
                .taskConcurrencyLimit("send_email", 3)
                .taskRateLimit("send_email", 100, Duration.ofMinutes(1))
                .taskConcurrencyLimit("send_email", 5)
                .taskRateLimit("send_sms", 10, Duration.ofSeconds(1))
                .build();

        TaskLimit email = options.taskLimits().get("send_email");
        assertThat(email.maxRunning()).isEqualTo(OptionalInt.of(5));
        assertThat(email.maxStarts()).isEqualTo(OptionalInt.of(100));
        assertThat(email.per()).contains(Duration.ofMinutes(1));
        TaskLimit sms = options.taskLimits().get("send_sms");
        assertThat(sms.maxRunning()).isEmpty();
        assertThat(sms.toString()).isEqualTo("send_sms{maxStarts=10 per PT1S}");
        assertThat(options.toBuilder().build().taskLimits()).isEqualTo(options.taskLimits());
        assertThat(options.toString()).contains("taskLimits=");
    }

    @Test
    void badLimitsAreRefusedNamingTheOptionAndTheTask() {
        assertThatThrownBy(() -> builder().taskConcurrencyLimit("send_email", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskConcurrencyLimit of 'send_email' must be at least 1 (a task that must not run at all"
                        + " belongs in no task list), was 0");
        assertThatThrownBy(() -> builder().taskRateLimit("send_sms", 0, Duration.ofMinutes(1)))
                .hasMessage("taskRateLimit of 'send_sms' must allow at least 1 start per window, was 0");
        assertThatThrownBy(() -> builder().taskRateLimit("send_sms", 5, Duration.ofMillis(500)))
                .hasMessage("taskRateLimit of 'send_sms' needs a window from 1 second to 1 day, was PT0.5S");
        assertThatThrownBy(() -> builder().taskRateLimit("send_sms", 5, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().taskConcurrencyLimit(" ", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Task identifier");
        assertThatThrownBy(() -> builder().taskConcurrencyLimit(null, 5)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder().taskRateLimit("send_sms", 5, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRefusedLimitLeavesTheBuilderAsItWas() {
        WorkerOptions.Builder builder = builder().taskConcurrencyLimit("send_email", 2);
        assertThatThrownBy(() -> builder.taskRateLimit("send_email", 0, Duration.ofMinutes(1)));
        assertThatThrownBy(() -> builder.taskConcurrencyLimit("other", 0));

        assertThat(builder.build().taskLimits()).containsOnlyKeys("send_email");
        assertThat(builder.build().taskLimits().get("send_email").maxStarts()).isEmpty();
    }
}
