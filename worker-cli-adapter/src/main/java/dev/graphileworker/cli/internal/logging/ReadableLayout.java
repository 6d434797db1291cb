package dev.graphileworker.cli.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One line per event for people: time, level, scope and message, as in
 * {@code 12:00:01.234 INFO  [worker-1a2b send_email #42] Sent}. The scope comes from the MDC the
 * worker sets around each job; outside a job it is the logger's short name.
 */
final class ReadableLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append(' ')
                .append(String.format("%-5s", event.getLevel()))
                .append(" [")
                .append(scope(event))
                .append("] ")
                .append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    private static String scope(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String workerId = mdc.get("workerId");
        if (workerId == null) {
            String logger = event.getLoggerName();
            return logger.substring(logger.lastIndexOf('.') + 1);
        }
        StringBuilder scope = new StringBuilder(workerId);
        String task = mdc.get("taskIdentifier");
        if (task != null) {
            scope.append(' ').append(task);
        }
        String jobId = mdc.get("jobId");
        if (jobId != null) {
            scope.append(" #").append(jobId);
        }
        return scope.toString();
    }
}
