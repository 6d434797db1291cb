package dev.graphileworker.spring.autoconfigure;

import dev.graphileworker.api.tracing.OpenTelemetryTracing;
import dev.graphileworker.spring.TaskListCustomizer;
import dev.graphileworker.spring.WorkerOptionsCustomizer;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jobs traced with the application's OpenTelemetry, when it has one: each run is a span, the child of
 * the span current where the job was added ({@link OpenTelemetryTracing}).
 * {@code graphile.worker.tracing.enabled=false} leaves it out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty(prefix = "graphile.worker.tracing", name = "enabled", matchIfMissing = true)
class WorkerTracingConfiguration {

    @Bean
    OpenTelemetryTracing graphileWorkerTracing(OpenTelemetry openTelemetry) {
        return new OpenTelemetryTracing(openTelemetry);
    }

    @Bean
    WorkerOptionsCustomizer graphileWorkerTraceContextOfNewJobs(OpenTelemetryTracing tracing) {
        return options -> options.enqueueInterceptor(tracing.enqueueInterceptor());
    }

    @Bean
    TaskListCustomizer graphileWorkerSpanPerJob(OpenTelemetryTracing tracing) {
        return tracing::instrument;
    }
}
