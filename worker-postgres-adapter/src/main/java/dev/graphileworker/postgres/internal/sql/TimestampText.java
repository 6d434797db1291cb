package dev.graphileworker.postgres.internal.sql;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the text PostgreSQL sends for a {@code timestamptz} in the ISO date style that the JDBC driver
 * sets, such as {@code 2026-12-03 11:59:01.123456+01} or {@code 1999-01-08 04:05:06-03:30}: four
 * timestamps of every job claimed, where the driver's own reading (through a {@code Calendar}) cost
 * more than anything else the worker did for a quick job. Anything else (years before 1 or after
 * 9999, {@code infinity}) is left to the driver.
 */
final class TimestampText {

    private static final int SECONDS_PER_DAY = 86_400;

    private TimestampText() {
    }

    /**
     * @param text the column's text, not null
     * @return the instant it names, or {@code null} when it is not of the usual form
     */
    static Instant parse(String text) {
        int length = text.length();
        // yyyy-mm-dd hh:mm:ss, then at least a sign and two digits of offset.
        if (length < 22 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 1 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int scale = 100_000_000;
            at++;
            int first = at;
            while (at < length && isDigit(text.charAt(at))) {
                nanos += (text.charAt(at) - '0') * scale;
                scale /= 10;
                at++;
            }
            if (at == first || at - first > 9) {
                return null;
            }
        }
        int offset = offsetSeconds(text, at);
        if (offset == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second - offset;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** @return the offset {@code ±hh[:mm[:ss]]} that ends the text at {@code at}, or MIN_VALUE */
    private static int offsetSeconds(String text, int at) {
        int length = text.length();
        if (at + 3 > length) {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(at);
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int seconds = 0;
        int unit = 3_600;
        for (int part = at + 1; unit >= 1; unit /= 60) {
            int value = digits(text, part, part + 2);
            if (value < 0) {
                return Integer.MIN_VALUE;
            }
            seconds += value * unit;
            part += 2;
            if (part == length) {
                return sign == '-' ? -seconds : seconds;
            }
            if (text.charAt(part) != ':') {
                return Integer.MIN_VALUE;
            }
            part++;
        }
        return Integer.MIN_VALUE;
    }

    /** @return the number written in text[from, to), or -1 when those are not all digits */
    private static int digits(String text, int from, int to) {
        if (to > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
