package dev.graphileworker.domain.cron;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines of a crontab, one at a time: {@code min hour dom month dow task ?opts {payload}}.
 * The payload is JSON5-ish: unquoted names, single quotes, trailing commas and comments are accepted.
 */
final class CrontabLine {

    private static final Pattern LINE = Pattern.compile(
            "(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s+(.*))?");
    private static final Pattern TASK = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9:/-]*");

    private final JsonMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    /**
     * @param line a line that is neither blank nor a comment, trimmed
     * @param lineNumber its number, for errors
     * @param defaultZone the time zone of a line without {@code ?tz=}
     * @return the item it describes
     * @throws CrontabException saying what is wrong with the line
     */
    CronItem parse(String line, int lineNumber, ZoneId defaultZone) {
        try {
            return parse(line, defaultZone);
        } catch (IllegalArgumentException e) {
            throw new CrontabException(lineNumber, e.getMessage(), e);
        }
    }

    private CronItem parse(String line, ZoneId defaultZone) {
        Matcher parts = LINE.matcher(line);
        if (!parts.matches()) {
            throw new IllegalArgumentException("expected five time fields (minute hour day-of-month month "
                    + "day-of-week) and a task identifier, found '" + line + "'");
        }
        CronSchedule schedule = CronSchedule.parse(
                String.join(" ", parts.group(1), parts.group(2), parts.group(3), parts.group(4), parts.group(5)));
        String task = parts.group(6);
        if (!TASK.matcher(task).matches()) {
            throw new IllegalArgumentException("task identifier '" + task + "' is not valid: it must start with a "
                    + "letter or underscore and hold only letters, digits, '_', '-', ':' and '/'");
        }
        String rest = parts.group(7) == null ? "" : parts.group(7);
        CrontabOptions options = CrontabOptions.none();
        if (rest.startsWith("?")) {
            String[] optionsAndRest = rest.substring(1).split("\\s+", 2);
            options = CrontabOptions.parse(optionsAndRest[0]);
            rest = optionsAndRest.length > 1 ? optionsAndRest[1] : "";
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        if (rest.startsWith("{")) {
            payload = payload(rest);
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unexpected '" + rest + "' after the task identifier: expected "
                    + "?options (such as ?fill=1h&max=3) and then a {payload}");
        }
        return new CronItem(options.identifier().orElse(task), task, schedule.inZone(options.zone().orElse(defaultZone)),
                options.backfillPeriod(), options.jobOptions(), payload);
    }

    private ObjectNode payload(String text) {
        JsonNode node;
        try (JsonParser parser = json.createParser(text)) {
            node = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("payload has more after its closing brace, from column "
                        + parser.currentTokenLocation().getColumnNr() + " of the payload");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not valid JSON5: " + e.getOriginalMessage()
                    + " (at column " + e.getLocation().getColumnNr() + " of the payload)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a payload held in a string failed", e);
        }
        return (ObjectNode) node; // the text starts with '{'
    }
}
