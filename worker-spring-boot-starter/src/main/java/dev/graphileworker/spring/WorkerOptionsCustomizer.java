package dev.graphileworker.spring;

import dev.graphileworker.api.WorkerOptions;

/**
 * Changes the worker's options after the starter has filled them from {@code graphile.worker.*} and
 * the application's beans: for what has no property (a thread factory of the application's, event
 * listeners, prepared statements). Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * WorkerOptionsCustomizer jobThreads(ThreadFactory myThreads) {
 *     return options -> options.jobThreadFactory(myThreads);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WorkerOptionsCustomizer {

    /** @param options the options as the starter filled them; change them in place */
    void customize(WorkerOptions.Builder options);
}
