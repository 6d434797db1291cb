package dev.graphileworker.domain.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.domain.worker.WorkerIds;
import dev.graphileworker.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadWorkerDetectorTest {

    private static final String ME = "worker-me";
    private static final String OTHER = "worker-other";
    /** A worker of ours with recovery on, which died before the detector's first census. */
    private static final String PREDECESSOR = WorkerIds.newSessionHolder();
    /** A Node.js graphile-worker, or one of ours with recovery off: alive or dead, it shows no session. */
    private static final String NODE_WORKER = WorkerIds.newPlain();
    private static final Duration RECOVERY_TIME = Duration.ofSeconds(60);
    private static final Duration CHECK = Duration.ofSeconds(6);

    private final MutableClock clock = MutableClock.at(Instant.parse("2024-05-01T12:00:00Z"));
    private final DeadWorkerDetector detector = new DeadWorkerDetector(ME, RECOVERY_TIME, clock);

    @Test
    void aWorkerSeenAliveThenMissingForTheRecoveryTimeIsPresumedDead() {
        assertThat(detector.census(Set.of(ME, OTHER))).isEmpty();

        assertThat(missingFor(RECOVERY_TIME)).containsExactly(OTHER);
    }

    @Test
    void aWorkerMissingForLessThanTheRecoveryTimeIsNotDead() {
        detector.census(Set.of(ME, OTHER));

        assertThat(missingFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
    }

    @Test
    void aWorkerThatReappearsStartsItsAbsenceAfresh() {
        detector.census(Set.of(ME, OTHER));
        missingFor(RECOVERY_TIME.minus(CHECK));
        clock.advance(CHECK);
        assertThat(detector.census(Set.of(ME, OTHER))).isEmpty();

        assertThat(missingFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
        assertThat(censusesFor(CHECK)).containsExactly(OTHER);
    }

    @Test
    void aWorkerNeverSeenWithASessionIsNeverPresumedDead() {
        detector.census(Set.of(ME));

        assertThat(missingFor(RECOVERY_TIME.multipliedBy(100))).isEmpty();
    }

    @Test
    void censusesThatDoNotShowThisWorkersOwnSessionCountForNothing() {
        detector.census(Set.of(ME, OTHER));
        for (int i = 0; i < 20; i++) {
            clock.advance(CHECK);
            assertThat(detector.census(Set.of())).isEmpty();
        }
        assertThat(detector.blindFor()).isEqualTo(CHECK.multipliedBy(19));

        assertThat(missingFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
        assertThat(detector.blindFor()).isZero();
        assertThat(censusesFor(CHECK)).containsExactly(OTHER);
    }

    @Test
    void aGapBetweenCensusesRestartsEveryAbsence() {
        detector.census(Set.of(ME, OTHER));
        missingFor(RECOVERY_TIME.minus(CHECK));

        clock.advance(detector.longestGap().plusMillis(1));
        assertThat(detector.census(Set.of(ME))).isEmpty();

        assertThat(censusesFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
        assertThat(censusesFor(CHECK)).containsExactly(OTHER);
    }

    @Test
    void aDeadWorkerIsReportedAtEachCensusUntilForgotten() {
        detector.census(Set.of(ME, OTHER));
        assertThat(missingFor(RECOVERY_TIME)).containsExactly(OTHER);
        assertThat(censusesFor(CHECK)).containsExactly(OTHER);

        detector.forget(List.of(OTHER));

        assertThat(censusesFor(RECOVERY_TIME.multipliedBy(2))).isEmpty();
    }

    @Test
    void aLockHolderThatPromisesASessionAndShowsNoneIsPresumedDeadOneRecoveryTimeAfterTheFirstCensus() {
        detector.watchLockHolders(Set.of(PREDECESSOR));
        assertThat(detector.census(Set.of(ME))).isEmpty();

        assertThat(censusesFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
        assertThat(censusesFor(CHECK)).containsExactly(PREDECESSOR);
    }

    @Test
    void aLockHolderThatPromisesNoSessionIsNeverPresumedDead() {
        detector.watchLockHolders(Set.of(NODE_WORKER));
        detector.census(Set.of(ME));

        assertThat(censusesFor(RECOVERY_TIME.multipliedBy(100))).isEmpty();
    }

    @Test
    void aLockHolderWhoseSessionComesBackWithinTheRecoveryTimeIsNotDead() {
        detector.watchLockHolders(Set.of(PREDECESSOR));
        detector.census(Set.of(ME));
        censusesFor(RECOVERY_TIME.minus(CHECK));
        clock.advance(CHECK);
        assertThat(detector.census(Set.of(ME, PREDECESSOR))).isEmpty();

        assertThat(censusesFor(RECOVERY_TIME.minus(CHECK))).isEmpty();
    }

    @Test
    void lockHoldersAreLookedUpBeforeTheFirstCensusThenOncePerRecoveryTime() {
        assertThat(detector.lockScanDue()).isTrue();
        detector.watchLockHolders(Set.of());

        clock.advance(RECOVERY_TIME.minusMillis(1));
        assertThat(detector.lockScanDue()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(detector.lockScanDue()).isTrue();
    }

    @Test
    void censusesComeTenTimesPerRecoveryTimeWithinATenthOfASecondAndTenSeconds() {
        assertThat(detector.checkInterval()).isEqualTo(CHECK);
        assertThat(new DeadWorkerDetector(ME, Duration.ofSeconds(1), clock).checkInterval())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(new DeadWorkerDetector(ME, Duration.ofMillis(200), clock).checkInterval())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(new DeadWorkerDetector(ME, Duration.ofMinutes(10), clock).checkInterval())
                .isEqualTo(Duration.ofSeconds(10));
    }

    /**
     * A census without {@link #OTHER}, then one every check interval until {@code span} has passed
     * since that first one; returns the last verdict.
     */
    private List<String> missingFor(Duration span) {
        clock.advance(CHECK);
        List<String> first = detector.census(Set.of(ME));
        return span.isZero() ? first : censusesFor(span);
    }

    /** A census without {@link #OTHER} every check interval for {@code span}; returns the last verdict. */
    private List<String> censusesFor(Duration span) {
        List<String> dead = List.of();
        for (Duration waited = Duration.ZERO; waited.compareTo(span) < 0; waited = waited.plus(CHECK)) {
            clock.advance(CHECK);
            dead = detector.census(Set.of(ME));
        }
        return dead;
    }
}
