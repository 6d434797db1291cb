package dev.graphileworker.domain.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
}
