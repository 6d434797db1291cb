package dev.graphileworker.spring.internal;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.spring.GraphileWorkerProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

/**
 * The worker's options from {@code graphile.worker.*}. The library checks each value; a value it
 * refuses stops the application's start with Spring Boot's "Invalid value ... for configuration
 * property" report, which names the property and gives the library's reason.
 */
public final class OptionsFromProperties {

    private static final String PREFIX = "graphile.worker.";

    private OptionsFromProperties() {
    }

    /**
     * @param properties the bound properties
     * @param options the builder to fill
     * @throws InvalidConfigurationPropertyValueException naming the first property the library refuses
     */
    public static void apply(GraphileWorkerProperties properties, WorkerOptions.Builder options) {
        set("schema", properties.getSchema(), options::schema);
        set("concurrency", properties.getConcurrency(), options::concurrency);
        set("poll-interval", properties.getPollInterval(), options::pollInterval);
        set("local-queue-size", properties.getLocalQueueSize(), options::localQueueSize);
        set("local-queue-ttl", properties.getLocalQueueTtl(), options::localQueueTtl);
        set("completion-batch-size", properties.getCompletionBatchSize(), options::completionBatchSize);
        set("completion-batch-delay", properties.getCompletionBatchDelay(), options::completionBatchDelay);
        set("dead-worker-recovery-time", properties.getDeadWorkerRecoveryTime(), options::deadWorkerRecoveryTime);
        set("shutdown-grace-period", properties.getShutdownGracePeriod(), options::shutdownGracePeriod);
        set("forbidden-flags", properties.getForbiddenFlags(), options::forbiddenFlags);
        options.migrate(properties.isRunMigrations());
        options.durableClaims(properties.isDurableClaims());
        set("cron-time-zone", properties.getCronTimeZone(), options::cronTimeZone);
        if (properties.getKeepHistory() != null) {
            set("keep-history", properties.getKeepHistory(), options::keepHistory);
        }
        properties.getTaskLimits().forEach((task, max) ->
                set("task-limits.[" + task + "]", max, limit -> options.taskConcurrencyLimit(task, limit)));
        crontab(properties).ifPresent(crontab -> set(crontab.property(), crontab.text(), text -> {
            GraphileWorker.checkCrontab(text);
            options.crontab(text);
        }));
    }

    private record Crontab(String property, String text) {
    }

    private static Optional<Crontab> crontab(GraphileWorkerProperties properties) {
        Resource location = properties.getCrontabLocation();
        if (properties.getCrontab() != null && location != null) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "crontab-location", location,
                    "Set graphile.worker.crontab or graphile.worker.crontab-location, not both");
        }
        if (location == null) {
            return Optional.ofNullable(properties.getCrontab()).map(text -> new Crontab(PREFIX + "crontab", text));
        }
        try {
            return Optional.of(new Crontab(PREFIX + "crontab-location",
                    location.getContentAsString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + "crontab-location", location,
                    "The crontab cannot be read: " + e.getMessage());
        }
    }

    private static <V> void set(String property, V value, Consumer<V> setter) {
        String name = property.startsWith(PREFIX) ? property : PREFIX + property;
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(name, null, "A value is required");
        }
        try {
            setter.accept(value);
        } catch (RuntimeException e) {
            throw new InvalidConfigurationPropertyValueException(name, value, e.getMessage());
        }
    }
}
