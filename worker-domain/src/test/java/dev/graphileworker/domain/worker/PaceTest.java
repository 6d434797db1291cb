package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaceTest {

    private final Pace pace = new Pace(Duration.ofMillis(100), 24);

    @Test
    void expectsNothingBeforeAnyJobFinished() {
        assertThat(pace.expectedWithinHorizon(5_000)).isZero();
    }

    @Test
    void theFirstFinishedJobTellsWhatTheRunnersCanTake() {
        pace.jobFinished(5_000, Duration.ofMillis(2));

        assertThat(pace.expectedWithinHorizon(5_001)).isEqualTo(24 * 100 / 2);
    }

    @Test
    void anySpanScalesTheExpectation() {
        pace.jobFinished(5_000, Duration.ofMillis(2));

        assertThat(pace.expectedWithin(5_001, Duration.ofMillis(10))).isEqualTo(24 * 10 / 2);
        assertThat(pace.expectedWithin(5_001, Duration.ofMillis(1))).isEqualTo(12);
    }

    @Test
    void slowJobsAreHardlyExpected() {
        pace.jobFinished(5_000, Duration.ofMillis(1_000));

        assertThat(pace.expectedWithinHorizon(5_001)).isEqualTo(2);
    }

    @Test
    void jobsThatTookNoMeasurableTimeAreExpectedWithoutBound() {
        pace.jobFinished(5_000, Duration.ZERO);

        assertThat(pace.expectedWithinHorizon(5_001)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void runTimesAverageOverTheLastFourHorizons() {
        pace.jobFinished(5_000, Duration.ofMillis(1_000));
        pace.jobFinished(5_100, Duration.ofMillis(10));
        pace.jobFinished(5_200, Duration.ofMillis(10));
        pace.jobFinished(5_300, Duration.ofMillis(20));
        pace.jobFinished(5_400, Duration.ofMillis(10));

        // The job of 1,000 ms is five horizons old: 4 jobs in 50 ms.
        assertThat(pace.expectedWithinHorizon(5_450)).isEqualTo(24 * 100 * 4 / 50);
    }

    @Test
    void aWorkerIdleForFourHorizonsExpectsNothingAgain() {
        pace.jobFinished(5_000, Duration.ofMillis(3));

        assertThat(pace.expectedWithinHorizon(5_400)).isZero();
    }

    @Test
    void jobsOfLessThanAMillisecondCountAtTheirRunTime() {
        for (int i = 0; i < 10; i++) {
            pace.jobFinished(5_000, Duration.ofNanos(300_000));
        }

        assertThat(pace.expectedWithinHorizon(5_001)).isEqualTo(24 * 100 * 10 / 3);
    }
}
