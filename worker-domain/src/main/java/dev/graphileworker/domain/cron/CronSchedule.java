package dev.graphileworker.domain.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a cron item fires: the five time fields of a crontab line, matched against the minutes of a
 * time zone (UTC unless the item or the worker names another). As in cron, when both day of month and
 * day of week are restricted (not {@code *}), a day matching either one is enough.
 *
 * <p>Across daylight-saving changes a schedule keeps cron's usual promises, in two kinds:
 * <ul>
 *   <li>A schedule with a fixed hour (the hour field is not {@code *}: "at 02:30") fires once per
 *       matching wall-clock time. When the clocks go forward and that time does not exist, it fires at
 *       the first instant after the gap (03:00 when 02:00 to 03:00 is skipped), once however many of its
 *       minutes fell in the gap. When the clocks go back and the time happens twice, it fires at the
 *       first of the two.</li>
 *   <li>A schedule that fires every hour ({@code *} in the hour field: "every 15 minutes") follows
 *       elapsed time: it fires on each matching minute as the clock shows it, in both passes of a
 *       repeated hour, and not at all in a skipped one.</li>
 * </ul>
 * Ticks are instants: backfill, the {@code _cron.ts} of a job and the records of the last execution are
 * in UTC, as they are for graphile-worker. Immutable and thread-safe.
 */
public final class CronSchedule {

    /** Leap days come at least once in eight years, so a schedule that can match does so within it. */
    private static final long SEARCH_YEARS = 8;

    /** More than any daylight-saving shift: how far back a repeated hour can take the wall clock. */
    private static final Duration LONGEST_SHIFT = Duration.ofHours(3);

    private final String text;
    private final CronField minutes;
    private final CronField hours;
    private final CronField daysOfMonth;
    private final CronField months;
    private final CronField daysOfWeek;
    private final ZoneId zone;

    private CronSchedule(String text, CronField minutes, CronField hours, CronField daysOfMonth, CronField months,
            CronField daysOfWeek, ZoneId zone) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.zone = zone;
    }

    /**
     * Parses the five time fields, for example {@code "30 4 * * 1"} or {@code "0 9-17/2 * * 1-5"}, in UTC.
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
                CronField.parse(CronField.Kind.DAY_OF_WEEK, fields[4]),
                ZoneOffset.UTC);
    }

    /**
     * @param zone the time zone whose clock the fields are read on
     * @return this schedule in that zone
     */
    public CronSchedule inZone(ZoneId zone) {
        return new CronSchedule(text, minutes, hours, daysOfMonth, months, daysOfWeek, zone.normalized());
    }

    /** @return the time zone whose clock the fields are read on */
    public ZoneId zone() {
        return zone;
    }

    /** @return the five time fields as written, separated by single spaces ({@code 30 4 * * 1}) */
    public String fields() {
        return text;
    }

    /**
     * @param time any instant; its seconds are ignored
     * @return whether the schedule fires in the minute holding {@code time}
     */
    public boolean matches(Instant time) {
        Instant minute = time.truncatedTo(ChronoUnit.MINUTES);
        return nextTickAfter(minute.minus(1, ChronoUnit.MINUTES)).filter(minute::equals).isPresent();
    }

    /**
     * @param time any instant
     * @return the first minute strictly after {@code time} at which the schedule fires; empty for a
     *     schedule that never does, such as the 30th of February
     */
    public Optional<Instant> nextTickAfter(Instant time) {
        ZoneRules rules = zone.getRules();
        boolean followsElapsedTime = !hours.isRestricted() && !rules.isFixedOffset();
        LocalDateTime from = LocalDateTime.ofInstant(time, zone).truncatedTo(ChronoUnit.MINUTES);
        if (followsElapsedTime) {
            // A repeated hour shows wall-clock minutes that come before the one the search starts at.
            from = from.minus(LONGEST_SHIFT);
        }
        LocalDateTime giveUpAt = from.plusYears(SEARCH_YEARS);
        Instant best = null;
        for (LocalDateTime local = nextLocalMatchAfter(from, giveUpAt); local != null;
                local = nextLocalMatchAfter(local, giveUpAt)) {
            if (best != null && local.isAfter(LocalDateTime.ofInstant(best, zone).plus(LONGEST_SHIFT))) {
                break;
            }
            List<Instant> instants = followsElapsedTime ? everyInstantOf(local, rules)
                    : List.of(firstInstantOf(local, rules));
            for (Instant candidate : instants) {
                if (candidate.isAfter(time) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
            if (best != null && !followsElapsedTime) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The one instant a wall-clock time fires at: the first of a repeated time, the end of a skipped one. */
    private static Instant firstInstantOf(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        return local.toInstant(offsets.get(0));
    }

    /** Every instant the clock shows a wall-clock time: none in a gap, two in a repeated hour. */
    private static List<Instant> everyInstantOf(LocalDateTime local, ZoneRules rules) {
        return rules.getValidOffsets(local).stream().map(local::toInstant).toList();
    }

    /** @return the first wall-clock minute strictly after {@code local} that the fields allow, or null */
    private LocalDateTime nextLocalMatchAfter(LocalDateTime local, LocalDateTime giveUpAt) {
        LocalDateTime candidate = local.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
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
                return candidate;
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDateTime local) {
        boolean dayOfMonth = daysOfMonth.allows(local.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.allows(local.getDayOfWeek().getValue() % 7);
        if (daysOfMonth.isRestricted() && daysOfWeek.isRestricted()) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule schedule && schedule.text.equals(text) && schedule.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, zone);
    }

    /** @return the five fields as written, and the zone when it is not UTC */
    @Override
    public String toString() {
        return zone.equals(ZoneOffset.UTC) ? text : text + " (" + zone.getId() + ")";
    }
}
