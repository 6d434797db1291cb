package dev.graphileworker.cli.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Points all logging at standard error, in the chosen format and level. */
public final class LogSetup {

    /**
     * Libraries that narrate their routine work at INFO; the command keeps them to warnings. When the
     * database goes away, HikariCP warns once for every pooled connection it broke, most with a stack
     * trace; the worker already reports the outage once, and when it ends, so those warnings go too.
     */
    private static final Map<String, Level> QUIET_LIBRARIES = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "com.zaxxer.hikari.pool.PoolBase", Level.ERROR,
            "io.zonky.test", Level.WARN);

    private LogSetup() {
    }

    /**
     * Replaces whatever configuration logback found with the command's own.
     *
     * @param level the least severe level written
     * @param format text for people, JSON for log shippers
     */
    public static void configure(Level level, LogFormat format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, format));
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
        QUIET_LIBRARIES.forEach((name, quietLevel) -> {
            if (level.isGreaterOrEqual(Level.INFO)) {
                context.getLogger(name).setLevel(quietLevel);
            }
        });
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        ReadableLayout layout = new ReadableLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setContext(context);
        text.setLayout(layout);
        text.start();
        return text;
    }
}
