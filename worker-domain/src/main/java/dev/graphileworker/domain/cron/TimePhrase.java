package dev.graphileworker.domain.cron;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period written as quantities and units, as in {@code fill=}: {@code 30m}, {@code 4h},
 * {@code 2d}, or combined, {@code 1w2d3h4m5s}. Units: s, m, h, d (24 hours), w (7 days).
 */
final class TimePhrase {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private TimePhrase() {
    }

    /**
     * @param phrase the phrase
     * @return the period it names
     * @throws IllegalArgumentException when it is not a time phrase, or too long to represent
     */
    static Duration parse(String phrase) {
        if (!WHOLE.matcher(phrase).matches()) {
            throw new IllegalArgumentException("'" + phrase + "' is not a time phrase such as 30m, 4h, 2d or 1w2d3h4m5s");
        }
        Matcher part = PART.matcher(phrase);
        long seconds = 0;
        try {
            while (part.find()) {
                long quantity = Long.parseLong(part.group(1));
                seconds = Math.addExact(seconds, Math.multiplyExact(quantity, unitSeconds(part.group(2).charAt(0))));
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + phrase + "' is too long a period", e);
        }
    }

    private static long unitSeconds(char unit) {
        return switch (unit) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> throw new IllegalStateException("unit " + unit + " passed the pattern");
        };
    }
}
