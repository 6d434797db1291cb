package dev.graphileworker.domain.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.admin.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The minutes of an activity: where they start and end, which minute an instant is in, and what is refused. */
class ActivityWindowTest {

    private static final Instant NOW = Instant.parse("2024-06-15T12:07:42.123456Z");

    @Test
    void theLastMinuteHoldsNowAndTheFirstStartsTheWindowMinusOneMinutesEarlier() {
        ActivityWindow window = ActivityWindow.endingAt(NOW, Duration.ofMinutes(60));

        assertThat(window.minutes()).isEqualTo(60);
        assertThat(window.start()).isEqualTo(Instant.parse("2024-06-15T11:08:00Z"));
        assertThat(window.end()).isEqualTo(Instant.parse("2024-06-15T12:08:00Z"));
    }

    @Test
    void anInstantIsInTheMinuteItsSecondsBelongToAndTheEdgesAreHalfOpen() {
        ActivityWindow window = ActivityWindow.endingAt(NOW, Duration.ofMinutes(10));

        assertThat(window.minuteOf(Instant.parse("2024-06-15T11:58:00Z"))).isZero();
        assertThat(window.minuteOf(Instant.parse("2024-06-15T11:58:59.999999Z"))).isZero();
        assertThat(window.minuteOf(Instant.parse("2024-06-15T11:59:00Z"))).isEqualTo(1);
        assertThat(window.minuteOf(NOW)).isEqualTo(9);
        assertThat(window.minuteOf(Instant.parse("2024-06-15T11:57:59.999999Z"))).isEqualTo(-1);
        assertThat(window.minuteOf(Instant.parse("2024-06-15T12:08:00Z"))).isEqualTo(-1);
    }

    @Test
    void countsBecomeMinutesWithCompletionsKnownOnlyFromTheHistory() {
        ActivityWindow window = ActivityWindow.endingAt(NOW, Duration.ofMinutes(2));

        Activity recorded = window.fromHistory(new long[] {3, 0}, new long[] {1, 2});
        Activity observed = window.observed(new long[] {0, 4});

        assertThat(recorded.minutes()).containsExactly(
                new Activity.Minute(Instant.parse("2024-06-15T12:06:00Z"), OptionalLong.of(3), 1),
                new Activity.Minute(Instant.parse("2024-06-15T12:07:00Z"), OptionalLong.of(0), 2));
        assertThat(recorded.totalCompleted()).hasValue(3);
        assertThat(observed.minutes()).extracting(Activity.Minute::completed)
                .containsExactly(OptionalLong.empty(), OptionalLong.empty());
        assertThat(observed.totalCompleted()).isEmpty();
        assertThat(observed.totalFailed()).isEqualTo(4);
    }

    @Test
    void aWindowIsWholeMinutesFromOneMinuteToADay() {
        assertThat(ActivityWindow.check(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ActivityWindow.check(Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
        for (Duration refused : List.of(Duration.ZERO, Duration.ofSeconds(-60), Duration.ofSeconds(61),
                Duration.ofHours(24).plusMinutes(1))) {
            assertThatThrownBy(() -> ActivityWindow.check(refused)).as("%s", refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An activity window is a whole number of minutes from 1 minute to 24 hours, not "
                            + refused);
        }
    }

    @Test
    void anActivityCannotMixKnownAndUnknownCompletionsNorSkipAMinute() {
        Instant minute = Instant.parse("2024-06-15T12:00:00Z");

        assertThatThrownBy(() -> new Activity(Activity.Source.OBSERVED,
                List.of(new Activity.Minute(minute, OptionalLong.of(0), 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Activity(Activity.Source.HISTORY,
                List.of(new Activity.Minute(minute, OptionalLong.empty(), 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Activity(Activity.Source.OBSERVED,
                List.of(new Activity.Minute(minute, OptionalLong.empty(), 0),
                        new Activity.Minute(minute.plusSeconds(120), OptionalLong.empty(), 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
