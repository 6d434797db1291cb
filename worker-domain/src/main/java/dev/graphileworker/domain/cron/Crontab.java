package dev.graphileworker.domain.cron;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A crontab in graphile-worker's format: one item per line,
 * {@code min hour dom month dow task ?opts {payload}}, with {@code #} comments and blank lines.
 * Times are UTC unless the crontab's default zone or a line's {@code ?tz=} names another. Immutable.
 *
 * <pre>
 * # every Monday at 04:30 UTC, backfilling up to two days, ten attempts
 * 30 4 * * 1 send_weekly_email ?fill=2d&amp;max=10 {onboarding: false}
 * </pre>
 */
public final class Crontab {

    private static final Crontab EMPTY = new Crontab(List.of());

    private final List<CronItem> items;

    private Crontab(List<CronItem> items) {
        this.items = List.copyOf(items);
    }

    /** @return a crontab without items */
    public static Crontab empty() {
        return EMPTY;
    }

    /**
     * Parses a crontab's text. Every line is checked, and identifiers (the task's, unless given with
     * {@code ?id=}) must be unique.
     *
     * @param text the crontab, lines separated by any line break
     * @return the crontab
     * @throws CrontabException naming the first bad line and what is wrong with it
     */
    public static Crontab parse(String text) {
        return parse(text, ZoneOffset.UTC);
    }

    /**
     * Parses a crontab's text whose lines are read on the clock of a time zone, unless they name their
     * own with {@code ?tz=}.
     *
     * @param text the crontab, lines separated by any line break
     * @param defaultZone the zone of the lines without {@code ?tz=}
     * @return the crontab
     * @throws CrontabException naming the first bad line and what is wrong with it
     */
    public static Crontab parse(String text, ZoneId defaultZone) {
        CrontabLine lineParser = new CrontabLine();
        List<CronItem> items = new ArrayList<>();
        Map<String, Integer> lineOfIdentifier = new HashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = index + 1;
            CronItem item = lineParser.parse(line, lineNumber, defaultZone);
            Integer earlierLine = lineOfIdentifier.putIfAbsent(item.identifier(), lineNumber);
            if (earlierLine != null) {
                throw new CrontabException(lineNumber, "identifier '" + item.identifier() + "' is already used on line "
                        + earlierLine + "; give one of them its own with ?id=...", null);
            }
            items.add(item);
        }
        return new Crontab(items);
    }

    /** @return the items, in the order of their lines */
    public List<CronItem> items() {
        return items;
    }

    /** @return whether there is nothing to schedule */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public String toString() {
        return "Crontab" + items.stream().map(CronItem::identifier).toList();
    }
}
