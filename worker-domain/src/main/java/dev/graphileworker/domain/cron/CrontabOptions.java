package dev.graphileworker.domain.cron;

import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.JobKeyMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code ?opts} of a crontab line, in query-string syntax ({@code ?fill=1h&max=3}): the item's
 * identifier, its backfill period and the options of its jobs.
 */
record CrontabOptions(Optional<String> identifier, Duration backfillPeriod, AddJobOptions jobOptions,
        Optional<ZoneId> zone) {

    private static final String SUPPORTED = "id, fill, max, queue, jobKey, jobKeyMode, priority, tz";
    private static final Pattern IDENTIFIER = Pattern.compile("[_a-zA-Z][-_a-zA-Z0-9]*");
    private static final Pattern QUEUE = Pattern.compile("[-a-zA-Z0-9_:]+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,6}");
    /** {@code max_attempts} and {@code priority} are smallint columns. */
    private static final int SMALLINT_MAX = Short.MAX_VALUE;

    static CrontabOptions none() {
        return new CrontabOptions(Optional.empty(), Duration.ZERO, AddJobOptions.defaults(), Optional.empty());
    }

    /**
     * @param query the text after {@code ?}
     * @return the options
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    static CrontabOptions parse(String query) {
        Optional<String> identifier = Optional.empty();
        Duration backfillPeriod = Duration.ZERO;
        AddJobOptions jobOptions = AddJobOptions.defaults();
        Optional<ZoneId> zone = Optional.empty();
        for (Map.Entry<String, String> option : pairs(query).entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            switch (key) {
                case "id" -> identifier = Optional.of(matching(key, value, IDENTIFIER,
                        "must start with a letter or underscore and hold only letters, digits, '-' and '_'"));
                case "fill" -> backfillPeriod = fill(value);
                case "max" -> jobOptions = jobOptions.withMaxAttempts(wholeNumber(key, value, 1, SMALLINT_MAX));
                case "queue" -> jobOptions = jobOptions.withQueueName(matching(key, value, QUEUE,
                        "may hold only letters, digits, '-', '_' and ':'"));
                case "jobKey" -> jobOptions = jobOptions.withJobKey(nonEmpty(key, value));
                case "jobKeyMode" -> jobOptions = jobOptions.withJobKeyMode(jobKeyMode(value));
                case "priority" -> jobOptions = jobOptions.withPriority(
                        wholeNumber(key, value, -SMALLINT_MAX - 1, SMALLINT_MAX));
                case "tz" -> zone = Optional.of(timeZone(value));
                default -> throw new IllegalArgumentException(
                        "unknown option '" + key + "'; the options are " + SUPPORTED);
            }
        }
        return new CrontabOptions(identifier, backfillPeriod, jobOptions, zone);
    }

    private static Map<String, String> pairs(String query) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (pairs.put(key, value) != null) {
                throw new IllegalArgumentException("option '" + key + "' is given more than once");
            }
        }
        return pairs;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("options hold a malformed %-escape in '" + text + "'", e);
        }
    }

    private static String matching(String key, String value, Pattern pattern, String rule) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("option '" + key + "' value '" + value + "' " + rule);
        }
        return value;
    }

    private static String nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("option '" + key + "' needs a value");
        }
        return value;
    }

    private static Duration fill(String value) {
        try {
            return TimePhrase.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option 'fill' value " + e.getMessage(), e);
        }
    }

    private static int wholeNumber(String key, String value, int min, int max) {
        if (WHOLE_NUMBER.matcher(value).matches()) {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        }
        throw new IllegalArgumentException("option '" + key + "' value '" + value + "' is not a whole number from "
                + min + " to " + max);
    }

    /**
     * @param id an IANA time zone id, such as {@code Europe/Paris}
     * @return the zone
     * @throws IllegalArgumentException naming the value, when no zone has that id
     */
    static ZoneId timeZone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("option 'tz' value '" + id + "' is not a time zone: use an IANA id such"
                    + " as Europe/Paris or America/New_York, or UTC", e);
        }
    }

    private static JobKeyMode jobKeyMode(String value) {
        // unsafe_dedupe is left out on purpose: graphile-worker's crontab does not offer it either.
        if (value.equals(JobKeyMode.REPLACE.sqlName()) || value.equals(JobKeyMode.PRESERVE_RUN_AT.sqlName())) {
            return JobKeyMode.fromSqlName(value);
        }
        throw new IllegalArgumentException("option 'jobKeyMode' value '" + value
                + "' must be replace or preserve_run_at");
    }
}
