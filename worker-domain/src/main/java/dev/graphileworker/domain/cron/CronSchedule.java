package dev.graphileworker.domain.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * When a cron item fires: the five time fields of a crontab line, matched against UTC minutes.
 * As in cron, when both day of month and day of week are restricted (not {@code *}), a day matching
 * either one is enough. Immutable and thread-safe.
 */
public final class CronSchedule {

    /** Leap days come at least once in eight years, so a schedule that can match does so within it. */
    private static final long SEARCH_YEARS = 8;

    private final String text;
    private final CronField minutes;
    private final CronField hours;
    private final CronField daysOfMonth;
    private final CronField months;
    private final CronField daysOfWeek;

    private CronSchedule(String text, CronField minutes, CronField hours, CronField daysOfMonth, CronField months,
            CronField daysOfWeek) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
    }

    /**
     * Parses the five time fields, for example {@code "30 4 * * 1"} or {@code "0 9-17/2 * * 1-5"}.
     *
     * @param pattern minute, hour, day of month, month and day of week, separated by spaces
     * @return the schedule
     * @throws IllegalArgumentException naming the field and value that are wrong
     */
    public static CronSchedule parse(String pattern) {
        String[] fields = pattern.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a schedule has five time fields (minute hour day-of-month month "
                    + "day-of-week), '" + pattern.trim() + "' has " + fields.length);
        }
        return new CronSchedule(String.join(" ", fields),
                CronField.parse(CronField.Kind.MINUTE, fields[0]),
                CronField.parse(CronField.Kind.HOUR, fields[1]),
                CronField.parse(CronField.Kind.DAY_OF_MONTH, fields[2]),
                CronField.parse(CronField.Kind.MONTH, fields[3]),
                CronField.parse(CronField.Kind.DAY_OF_WEEK, fields[4]));
    }

    /**
     * @param time any instant; its seconds are ignored
     * @return whether the schedule fires in the UTC minute holding {@code time}
     */
    public boolean matches(Instant time) {
        LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return months.allows(utc.getMonthValue()) && dayMatches(utc) && hours.allows(utc.getHour())
                && minutes.allows(utc.getMinute());
    }

    /**
     * @param time any instant
     * @return the first minute strictly after {@code time} at which the schedule fires; empty for a
     *     schedule that never does, such as the 30th of February
     */
    public Optional<Instant> nextTickAfter(Instant time) {
        LocalDateTime candidate = LocalDateTime.ofInstant(time, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDateTime giveUpAt = candidate.plusYears(SEARCH_YEARS);
        while (candidate.isBefore(giveUpAt)) {
            if (!months.allows(candidate.getMonthValue())) {
                candidate = candidate.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1);
            } else if (!dayMatches(candidate)) {
                candidate = candidate.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.allows(candidate.getHour())) {
                candidate = candidate.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.allows(candidate.getMinute())) {
                candidate = candidate.plusMinutes(1);
            } else {
                return Optional.of(candidate.toInstant(ZoneOffset.UTC));
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime utc) {
        boolean dayOfMonth = daysOfMonth.allows(utc.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.allows(utc.getDayOfWeek().getValue() % 7);
        if (daysOfMonth.isRestricted() && daysOfWeek.isRestricted()) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule schedule && schedule.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** @return the five fields as written */
    @Override
    public String toString() {
        return text;
    }
}
