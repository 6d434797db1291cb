package dev.graphileworker.domain.admin;

import dev.graphileworker.api.admin.Activity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The minutes an {@link Activity} covers: whole minutes of UTC, the last one holding now, and how
 * counts made per minute become the activity. Both implementations count an event in the minute
 * {@link #minuteOf} gives (the PostgreSQL adapter groups by the UTC minute in SQL, between
 * {@link #start()} and {@link #end()}, and places each group with it). Immutable.
 */
public final class ActivityWindow {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Instant start;
    private final int minutes;

    private ActivityWindow(Instant start, int minutes) {
        this.start = start;
        this.minutes = minutes;
    }

    /**
     * @param window how far back an activity is asked for
     * @return the window, when it is whole minutes from 1 minute to {@link Activity#LONGEST_WINDOW}
     * @throws IllegalArgumentException naming the window and what is allowed, otherwise
     */
    public static Duration check(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.compareTo(MINUTE) < 0 || window.compareTo(Activity.LONGEST_WINDOW) > 0
                || !window.truncatedTo(ChronoUnit.MINUTES).equals(window)) {
            throw new IllegalArgumentException("An activity window is a whole number of minutes from 1 minute to "
                    + Activity.LONGEST_WINDOW.toHours() + " hours, not " + window);
        }
        return window;
    }

    /**
     * @param now the implementation's current time
     * @param window how far back, checked by {@link #check}
     * @return the window's minutes: the one holding {@code now} and those before it
     * @throws IllegalArgumentException when the window is not allowed
     */
    public static ActivityWindow endingAt(Instant now, Duration window) {
        int minutes = (int) check(window).toMinutes();
        return new ActivityWindow(now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTE.multipliedBy(minutes - 1L)), minutes);
    }

    /** @return the first instant of the first minute */
    public Instant start() {
        return start;
    }

    /** @return the first instant after the last minute (exclusive) */
    public Instant end() {
        return start.plus(MINUTE.multipliedBy(minutes));
    }

    /** @return how many minutes the window has */
    public int minutes() {
        return minutes;
    }

    /**
     * @param time an instant
     * @return the position of the minute holding it, from 0 for the oldest; -1 when it lies outside the window
     */
    public int minuteOf(Instant time) {
        if (time.isBefore(start) || !time.isBefore(end())) {
            return -1;
        }
        return (int) (Duration.between(start, time).toMillis() / MINUTE.toMillis());
    }

    /**
     * @param completed jobs completed, by position of minute
     * @param failed jobs permanently failed, by position of minute
     * @return the activity read from the history
     */
    public Activity fromHistory(long[] completed, long[] failed) {
        checkLength(completed);
        checkLength(failed);
        List<Activity.Minute> list = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            list.add(new Activity.Minute(minuteStart(i), OptionalLong.of(completed[i]), failed[i]));
        }
        return new Activity(Activity.Source.HISTORY, list);
    }

    /**
     * @param failed jobs whose latest failure fell in the minute, by position of minute
     * @return the activity seen in the queue, completions unknown
     */
    public Activity observed(long[] failed) {
        checkLength(failed);
        List<Activity.Minute> list = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            list.add(new Activity.Minute(minuteStart(i), OptionalLong.empty(), failed[i]));
        }
        return new Activity(Activity.Source.OBSERVED, list);
    }

    private Instant minuteStart(int position) {
        return start.plus(MINUTE.multipliedBy(position));
    }

    private void checkLength(long[] counts) {
        if (counts.length != minutes) {
            throw new IllegalArgumentException("Expected " + minutes + " counts, got " + counts.length);
        }
    }

    @Override
    public String toString() {
        return "the " + minutes + " minutes from " + start;
    }
}
