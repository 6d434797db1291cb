package dev.graphileworker.cli.internal.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Points all logging at standard error, in the chosen format and level, unless the user configured
 * Logback: a configuration file Logback found on its own and read without error
 * ({@code -Dlogback.configurationFile}, which bin/graphile-worker sets to {@code conf/logback.xml} when
 * there is one, or a {@code logback.xml} on the class path) is kept as it is, appenders, format and
 * levels; only a {@code --log-level} given on the command line still sets the root logger's level.
 */
public final class LogSetup {

    /** The level without {@code --log-level}. */
    private static final Level DEFAULT_LEVEL = Level.INFO;

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
     * Sets the command's own layout, or keeps the user's configuration.
     *
     * @param level the least severe level written, when given on the command line
     * @param format text for people, JSON for log shippers, when given on the command line (the
     *     command's layout is text without it)
     */
    public static void configure(Optional<Level> level, Optional<LogFormat> format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Optional<String> userConfiguration = userConfiguration(context);
        if (userConfiguration.isPresent()) {
            level.ifPresent(given -> context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(given));
            format.ifPresent(ignored -> LoggerFactory.getLogger(LogSetup.class).warn(
                    "--log-format is ignored: logging is configured by {}", userConfiguration.get()));
            return;
        }
        configure(level.orElse(DEFAULT_LEVEL), format.orElse(LogFormat.TEXT));
    }

    /**
     * @return the configuration file Logback read at start-up, if it found one and reported no error in
     *     it (Logback keeps what a file configured as its fallback when the file could be parsed; a file
     *     with an error, an unknown appender say, could leave the command without any output)
     */
    static Optional<String> userConfiguration(LoggerContext context) {
        if (context.getObject(CoreConstants.SAFE_JORAN_CONFIGURATION) == null
                || new StatusUtil(context).getHighestLevel(0) >= Status.ERROR) {
            return Optional.empty();
        }
        URL watched = ConfigurationWatchListUtil.getMainWatchURL(context);
        String property = System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        return Optional.of(watched != null ? watched.toString()
                : property != null ? property : "a logback.xml on the class path");
    }

    /**
     * Replaces whatever configuration logback found with the command's own.
     *
     * @param level the least severe level written
     * @param format text for people, JSON for log shippers
     */
    static void configure(Level level, LogFormat format) {
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
