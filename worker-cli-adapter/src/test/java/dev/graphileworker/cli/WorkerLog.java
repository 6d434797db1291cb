package dev.graphileworker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A worker's standard error in the text format, read as log events: a line that starts with the
 * time and level, followed by the lines of its stack trace, if it has one.
 */
final class WorkerLog {

    private static final Pattern EVENT = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) .*");
    private static final Pattern WARNING = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN |ERROR) .*");

    private final List<String> lines;

    WorkerLog(String stderr) {
        this.lines = stderr.lines().toList();
    }

    /** @return how many events contain {@code text} */
    long events(String text) {
        return lines.stream().filter(line -> EVENT.matcher(line).matches() && line.contains(text)).count();
    }

    /** @return the warnings and errors, without their stack traces */
    List<String> warnings() {
        return lines.stream().filter(line -> WARNING.matcher(line).matches()).toList();
    }

    /** @return the events that carry a stack trace */
    List<String> eventsWithStackTraces() {
        List<String> traced = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String next = lines.get(i + 1);
            if (EVENT.matcher(lines.get(i)).matches() && !next.isBlank() && !EVENT.matcher(next).matches()) {
                traced.add(lines.get(i));
            }
        }
        return traced;
    }
}
