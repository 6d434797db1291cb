package dev.graphileworker.spring.autoconfigure;

import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.metrics.MicrometerMetrics;
import dev.graphileworker.spring.GraphileWorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's meters ({@code graphile_worker.*}, see {@link MicrometerMetrics}) in the application's
 * {@code MeterRegistry}, when it has one, with the queue-depth gauges refreshed every
 * {@code graphile.worker.queue-depth-interval}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(MeterRegistry.class)
class WorkerMetricsConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MicrometerMetrics graphileWorkerMetrics(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }

    /**
     * Sampling needs the utilities, which are made from the worker's options; it starts once every
     * bean exists, so that the meters need not wait for the utilities when the worker gathers its
     * event listeners.
     */
    @Bean
    SmartInitializingSingleton graphileWorkerQueueDepthSampling(MicrometerMetrics metrics, WorkerUtils workerUtils,
            GraphileWorkerProperties properties) {
        return () -> metrics.sampleQueueDepth(workerUtils, properties.getQueueDepthInterval());
    }
}
