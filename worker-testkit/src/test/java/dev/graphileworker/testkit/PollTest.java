package dev.graphileworker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();

        Poll.until("the third check", () -> checks.incrementAndGet() == 3);

        assertThat(checks).hasValue(3);
    }

    @Test
    void failsAfterTheDeadlineSayingWhatItWaitedForAndTheContext() {
        assertThatThrownBy(() -> Poll.until("never", Duration.ofMillis(20), () -> false, () -> "the log"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Not within PT0.02S: never\nthe log");
    }

    @Test
    void anAssertionErrorFromTheConditionEndsTheWaitAsItIs() {
        AssertionError dead = new AssertionError("the process died");

        assertThatThrownBy(() -> Poll.until("a line", () -> {
            throw dead;
        })).isSameAs(dead);
    }

    @Test
    void aCheckedExceptionFromTheConditionEndsTheWaitAsItsCause() {
        IOException unreadable = new IOException("unreadable");

        assertThatThrownBy(() -> Poll.until("the file is read", () -> {
            throw unreadable;
        })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the file is read")
                .hasCause(unreadable);
    }
}
