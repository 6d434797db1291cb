package dev.graphileworker.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void stepOfAWildcardCountsFromTheLowestValue() {
        CronSchedule schedule = CronSchedule.parse("*/15 * * * *");

        assertThat(minutesOfAnHour(schedule)).containsExactly(0, 15, 30, 45);
    }

    @Test
    void rangeWithAStepCountsFromTheStartOfTheRange() {
        CronSchedule schedule = CronSchedule.parse("5-40/10 * * * *");

        assertThat(minutesOfAnHour(schedule)).containsExactly(5, 15, 25, 35);
    }

    @Test
    void listsMixNumbersRangesAndSteps() {
        CronSchedule schedule = CronSchedule.parse("1,3-4,50-59/5,58 * * * *");

        assertThat(minutesOfAnHour(schedule)).containsExactly(1, 3, 4, 50, 55, 58);
    }

    @Test
    void hoursMonthsAndDaysOfMonthAreMatchedInUtc() {
        CronSchedule schedule = CronSchedule.parse("30 4 15 6 *");

        assertThat(schedule.matches(Instant.parse("2024-06-15T04:30:00Z"))).isTrue();
        assertThat(schedule.matches(Instant.parse("2024-06-15T05:30:00Z"))).isFalse();
        assertThat(schedule.matches(Instant.parse("2024-06-16T04:30:00Z"))).isFalse();
        assertThat(schedule.matches(Instant.parse("2024-07-15T04:30:00Z"))).isFalse();
    }

    @Test
    void secondsWithinTheMinuteAreIgnored() {
        assertThat(CronSchedule.parse("30 4 * * *").matches(Instant.parse("2024-06-15T04:30:59.999Z"))).isTrue();
    }

    @Test
    void sevenAndZeroAreBothSunday() {
        CronSchedule seven = CronSchedule.parse("0 0 * * 7");
        CronSchedule zero = CronSchedule.parse("0 0 * * 0");

        assertThat(daysMatchedIn(seven, 2024, 6)).containsExactly(2, 9, 16, 23, 30);
        assertThat(daysMatchedIn(zero, 2024, 6)).containsExactly(2, 9, 16, 23, 30);
    }

    @Test
    void dayOfWeekRangeMayEndOnSevenForSunday() {
        // June 2024: Friday 7th, Saturday 8th, Sunday 9th.
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 * * 5-7"), 2024, 6).subList(0, 4)).containsExactly(1, 2, 7, 8);
    }

    @Test
    void whenDayOfMonthAndDayOfWeekAreBothRestrictedEitherMatches() {
        // The 13th, and every Friday (June 2024: Fridays 7, 14, 21, 28).
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 13 * 5"), 2024, 6)).containsExactly(7, 13, 14, 21, 28);
    }

    @Test
    void whenOnlyOneDayFieldIsRestrictedOnlyThatOneCounts() {
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 13 * *"), 2024, 6)).containsExactly(13);
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 * * 5"), 2024, 6)).containsExactly(7, 14, 21, 28);
    }

    @Test
    void aDayFieldListingEveryValueCountsAsUnrestricted() {
        // 1-31 allows every day of the month, so only the day of week restricts: Fridays only.
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 1-31 * 5"), 2024, 6)).containsExactly(7, 14, 21, 28);
        assertThat(daysMatchedIn(CronSchedule.parse("0 0 13 * 0-6"), 2024, 6)).containsExactly(13);
    }

    @Test
    void nextTickAfterIsStrictlyLaterAndSkipsToTheNextMatchingMinute() {
        CronSchedule schedule = CronSchedule.parse("30 4 * * *");

        assertThat(schedule.nextTickAfter(Instant.parse("2024-06-15T04:29:59Z")))
                .contains(Instant.parse("2024-06-15T04:30:00Z"));
        assertThat(schedule.nextTickAfter(Instant.parse("2024-06-15T04:30:00Z")))
                .contains(Instant.parse("2024-06-16T04:30:00Z"));
    }

    @Test
    void nextTickCrossesMonthAndYearBoundaries() {
        assertThat(CronSchedule.parse("0 0 1 1 *").nextTickAfter(Instant.parse("2024-03-10T12:00:00Z")))
                .contains(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("0 12 31 * *").nextTickAfter(Instant.parse("2024-04-01T00:00:00Z")))
                .contains(Instant.parse("2024-05-31T12:00:00Z"));
    }

    @Test
    void leapDayIsFoundYearsAhead() {
        assertThat(CronSchedule.parse("0 0 29 2 *").nextTickAfter(Instant.parse("2024-03-01T00:00:00Z")))
                .contains(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void scheduleThatCanNeverFireHasNoNextTick() {
        assertThat(CronSchedule.parse("0 0 30 2 *").nextTickAfter(Instant.parse("2024-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void wrongNumberOfFieldsIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five time fields").hasMessageContaining("has 4");
    }

    private static List<Integer> minutesOfAnHour(CronSchedule schedule) {
        List<Integer> minutes = new ArrayList<>();
        Instant hour = Instant.parse("2024-06-15T10:00:00Z");
        for (int minute = 0; minute < 60; minute++) {
            if (schedule.matches(hour.plusSeconds(60L * minute))) {
                minutes.add(minute);
            }
        }
        return minutes;
    }

    private static List<Integer> daysMatchedIn(CronSchedule schedule, int year, int month) {
        List<Integer> days = new ArrayList<>();
        LocalDate day = LocalDate.of(year, month, 1);
        while (day.getMonthValue() == month) {
            if (schedule.matches(day.atStartOfDay().toInstant(ZoneOffset.UTC))) {
                days.add(day.getDayOfMonth());
            }
            day = day.plusDays(1);
        }
        return days;
    }

    // --- time zones ----------------------------------------------------------------------------

    private static List<Instant> ticksBetween(CronSchedule schedule, String from, String to) {
        List<Instant> ticks = new ArrayList<>();
        Instant end = Instant.parse(to);
        for (Optional<Instant> tick = schedule.nextTickAfter(Instant.parse(from));
                tick.isPresent() && tick.get().isBefore(end); tick = schedule.nextTickAfter(tick.get())) {
            ticks.add(tick.get());
        }
        return ticks;
    }

    @Test
    void aFixedTimeSkippedBySpringForwardFiresOnceAtTheEndOfTheGap() {
        CronSchedule paris = CronSchedule.parse("30 2 * * *").inZone(ZoneId.of("Europe/Paris"));
        CronSchedule gapMinutes = CronSchedule.parse("*/10 2 * * *").inZone(ZoneId.of("Europe/Paris"));

        assertThat(ticksBetween(paris, "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z")).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(ticksBetween(gapMinutes, "2026-03-29T00:00:00Z", "2026-03-29T12:00:00Z"))
                .containsExactly(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void aFixedTimeRepeatedByFallBackFiresOnceAtItsFirstOccurrence() {
        CronSchedule newYork = CronSchedule.parse("30 1 * * *").inZone(ZoneId.of("America/New_York"));

        assertThat(ticksBetween(newYork, "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z")).containsExactly(
                Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
        assertThat(newYork.matches(Instant.parse("2026-11-01T05:30:00Z"))).isTrue();
        assertThat(newYork.matches(Instant.parse("2026-11-01T06:30:00Z"))).as("the second 01:30").isFalse();
    }

    @Test
    void anHourlySchedulesFollowsElapsedTimeAcrossBothChanges() {
        CronSchedule quarterHours = CronSchedule.parse("*/15 * * * *").inZone(ZoneId.of("America/New_York"));

        // Spring forward: 01:45 EST is followed by 03:00 EDT, 15 minutes later.
        assertThat(ticksBetween(quarterHours, "2026-03-08T06:40:00Z", "2026-03-08T07:20:00Z")).containsExactly(
                Instant.parse("2026-03-08T06:45:00Z"), Instant.parse("2026-03-08T07:00:00Z"),
                Instant.parse("2026-03-08T07:15:00Z"));
        // Fall back: both passes of 01:00 to 02:00 fire, every 15 minutes of elapsed time.
        assertThat(ticksBetween(quarterHours, "2026-11-01T05:50:00Z", "2026-11-01T07:20:00Z")).hasSize(6)
                .containsSequence(Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T06:15:00Z"));
    }

    @Test
    void matchesAgreesWithNextTickAfterInAZone() {
        CronSchedule schedule = CronSchedule.parse("30 2 * * *").inZone(ZoneId.of("Europe/Paris"));

        assertThat(schedule.matches(Instant.parse("2026-03-29T01:00:00Z"))).isTrue();
        assertThat(schedule.matches(Instant.parse("2026-03-29T01:30:00Z"))).isFalse();
        assertThat(schedule.matches(Instant.parse("2026-10-25T00:30:40Z"))).isTrue();
        assertThat(schedule.matches(Instant.parse("2026-10-25T01:30:00Z"))).isFalse();
    }

    @Test
    void utcNamedAsAZoneIsUtc() {
        assertThat(CronSchedule.parse("0 4 * * *").inZone(ZoneId.of("UTC")))
                .isEqualTo(CronSchedule.parse("0 4 * * *"));
    }
}
