package dev.graphileworker.spring.autoconfigure;

import dev.graphileworker.spring.GraphileWorkerLifecycle;
import dev.graphileworker.spring.internal.WorkerHealthIndicator;
import dev.graphileworker.spring.internal.WorkerHealthTracker;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's entry in {@code /actuator/health} ({@code graphileWorker}), when the application has
 * Spring Boot's health support; {@code management.health.graphileworker.enabled=false} leaves it out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnEnabledHealthIndicator("graphileworker")
class WorkerHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "graphileWorkerHealthIndicator")
    WorkerHealthIndicator graphileWorkerHealthIndicator(GraphileWorkerLifecycle lifecycle, WorkerHealthTracker tracker) {
        return new WorkerHealthIndicator(lifecycle, tracker);
    }
}
