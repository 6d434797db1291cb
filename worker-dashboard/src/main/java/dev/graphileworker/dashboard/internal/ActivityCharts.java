package dev.graphileworker.dashboard.internal;

import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.dashboard.internal.Views.ActivityChart;
import dev.graphileworker.dashboard.internal.Views.Bar;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws the overview's chart of jobs completed and failed per minute: bar geometry, titles, summary. */
final class ActivityCharts {

    /** Height of the chart, in its own units (the style sheet scales it to the page). */
    static final int HEIGHT = 120;
    /** Width of one minute's bar and of the gap after it. */
    static final int BAR = 8;
    static final int GAP = 2;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private ActivityCharts() {
    }

    static ActivityChart draw(Activity activity, ZoneId zone) {
        List<Activity.Minute> minutes = activity.minutes();
        long largest = 1;
        for (Activity.Minute minute : minutes) {
            largest = Math.max(largest, minute.completed().orElse(0) + minute.failed());
        }
        List<Bar> bars = new ArrayList<>();
        DateTimeFormatter format = MINUTE.withZone(zone);
        for (int i = 0; i < minutes.size(); i++) {
            Activity.Minute minute = minutes.get(i);
            long completed = minute.completed().orElse(0);
            int failedHeight = height(minute.failed(), largest);
            int completedHeight = height(completed, largest);
            int failedY = HEIGHT - failedHeight;
            String counts = (minute.completed().isPresent() ? number(completed) + " completed, " : "")
                    + number(minute.failed()) + " failed";
            bars.add(new Bar(i * (BAR + GAP), BAR, failedY - completedHeight, completedHeight, failedY, failedHeight,
                    format.format(minute.start()) + " " + Pages.zoneName(zone) + ": " + counts));
        }
        String source = activity.source() == Activity.Source.HISTORY
                ? "From the history of finished jobs."
                : "Observed in the queue: each job's latest failure, in the minute it failed. Completed jobs leave "
                        + "the queue and are counted only when workers keep history (--keep-history).";
        String summary = "In the last " + minutes.size() + " minutes: "
                + activity.totalCompleted().stream().mapToObj(total -> number(total) + " completed, ").findFirst()
                        .orElse("")
                + number(activity.totalFailed()) + " failed.";
        return new ActivityChart(source, summary, bars, Math.max(1, minutes.size() * (BAR + GAP) - GAP), HEIGHT,
                number(largest));
    }

    /** A count as a bar height: in proportion, and at least 1 when not zero, so that no job is invisible. */
    private static int height(long count, long largest) {
        if (count == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) count * (HEIGHT - 1) / largest));
    }

    private static String number(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }
}
