package dev.graphileworker.domain.cron;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the five time fields of a crontab line, as the set of values it allows. A field parses
 * comma-separated parts: {@code *}, {@code *}{@code /n}, {@code a}, {@code a-b} and {@code a-b/n}.
 */
final class CronField {

    private static final Pattern PART = Pattern.compile("(\\*|(\\d+)(?:-(\\d+))?)(?:/(\\d+))?");
    /** Longer numbers are out of every range; stopping here keeps them clear of int overflow. */
    private static final int MAX_DIGITS = 4;

    private final long allowed;
    private final boolean restricted;

    private CronField(long allowed, boolean restricted) {
        this.allowed = allowed;
        this.restricted = restricted;
    }

    static CronField parse(Kind kind, String text) {
        long allowed = 0;
        for (String part : text.split(",", -1)) {
            allowed |= parsePart(kind, text, part);
        }
        return new CronField(allowed, allowed != kind.everyValue());
    }

    boolean allows(int value) {
        return (allowed & (1L << value)) != 0;
    }

    /** @return whether some value is left out: the field is not equivalent to {@code *} */
    boolean isRestricted() {
        return restricted;
    }

    private static long parsePart(Kind kind, String field, String part) {
        Matcher matcher = PART.matcher(part);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(kind.label + " field '" + field + "' is not understood: '" + part
                    + "' is not a number, a range (a-b), a step (*/n or a-b/n) or *");
        }
        int first = kind.min;
        int last = kind.max;
        if (matcher.group(2) != null) {
            first = number(kind, part, matcher.group(2));
            last = matcher.group(3) != null ? number(kind, part, matcher.group(3)) : first;
            if (last < first) {
                throw new IllegalArgumentException(kind.label + " field '" + part
                        + "' is a range that runs backwards; write the smaller number first");
            }
        }
        int step = 1;
        if (matcher.group(4) != null) {
            step = matcher.group(4).length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(matcher.group(4));
            if (step < 1) {
                throw new IllegalArgumentException(kind.label + " field '" + part
                        + "' has a step of 0; the step must be at least 1");
            }
        }
        long bits = 0;
        for (int value = first; value <= last; value += step) {
            bits |= 1L << kind.normalise(value);
            if (value > last - step) {
                break; // the next step would pass last (and may overflow)
            }
        }
        return bits;
    }

    private static int number(Kind kind, String part, String digits) {
        int value = digits.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (value < kind.min || value > kind.writableMax) {
            throw new IllegalArgumentException(kind.label + " field '" + part + "' is out of range " + kind.min + "-"
                    + kind.writableMax);
        }
        return value;
    }

    /** The five fields, their ranges and how they are named in errors. */
    enum Kind {
        MINUTE("minute", 0, 59),
        HOUR("hour", 0, 23),
        DAY_OF_MONTH("day-of-month", 1, 31),
        MONTH("month", 1, 12),
        /** 0 to 6 from Sunday; 7 is accepted for Sunday too, as in most crons. */
        DAY_OF_WEEK("day-of-week", 0, 6, 7);

        private final String label;
        private final int min;
        private final int max;
        private final int writableMax;

        Kind(String label, int min, int max) {
            this(label, min, max, max);
        }

        Kind(String label, int min, int max, int writableMax) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.writableMax = writableMax;
        }

        private int normalise(int value) {
            return value > max ? value - (max + 1) + min : value;
        }

        private long everyValue() {
            long bits = 0;
            for (int value = min; value <= max; value++) {
                bits |= 1L << value;
            }
            return bits;
        }
    }
}
