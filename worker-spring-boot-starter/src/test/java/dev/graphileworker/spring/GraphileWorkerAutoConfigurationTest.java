package dev.graphileworker.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.TaskDefinition;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.metrics.MicrometerMetrics;
import dev.graphileworker.api.tracing.OpenTelemetryTracing;
import dev.graphileworker.spring.autoconfigure.GraphileWorkerAutoConfiguration;
import dev.graphileworker.spring.internal.Jackson3PayloadMapper;
import dev.graphileworker.spring.internal.WorkerHealthIndicator;
import dev.graphileworker.testkit.Poll;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each condition of the auto-configuration, on an application context made for the test. */
@ExtendWith(PostgresDatabaseExtension.class)
class GraphileWorkerAutoConfigurationTest {

    record Greeting(String name) {
        static final TaskDefinition<Greeting> TASK = TaskDefinition.of("greet", Greeting.class);
    }

    static final class GreetingTask implements WorkerTask<Greeting> {
        @Override
        public TaskDefinition<Greeting> definition() {
            return Greeting.TASK;
        }

        @Override
        public void run(Greeting payload, JobHelpers helpers) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoTasksOfOneName {
        @Bean
        WorkerTask<Greeting> englishGreeting() {
            return new GreetingTask();
        }

        @Bean
        WorkerTask<Greeting> frenchGreeting() {
            return new GreetingTask();
        }
    }

    private static TestDatabase database;

    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GraphileWorkerAutoConfiguration.class));

    private ApplicationContextRunner application() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password());
    }

    @BeforeAll
    static void database(TestDatabase testDatabase) {
        database = testDatabase;
    }

    @Test
    void anApplicationWithoutADataSourceFailsWithSpringBootsReportOfTheMissingBean() {
        withoutDatabase.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(NoSuchBeanDefinitionException.class,
                            missing -> assertThat(missing.getBeanType()).isEqualTo(DataSource.class));
        });
    }

    @Test
    void turnedOffItAddsNothingAndNeedsNoDatabase() {
        withoutDatabase.withPropertyValues("graphile.worker.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Jobs.class).doesNotHaveBean(WorkerUtils.class)
                    .doesNotHaveBean(GraphileWorkerLifecycle.class).doesNotHaveBean(WorkerOptions.class);
        });
    }

    @Test
    void theWorkerUsesTheApplicationsDataSourceAndListensBesideItsPool() {
        application().withBean(GreetingTask.class, GreetingTask::new).run(context -> {
            assertThat(context).hasSingleBean(Jobs.class).hasSingleBean(WorkerUtils.class)
                    .hasSingleBean(GraphileWorkerLifecycle.class);
            WorkerOptions options = context.getBean(WorkerOptions.class);
            assertThat(options.dataSource()).containsSame(context.getBean(DataSource.class));
            // The worker opens its listening connection beside the pool by itself.
            assertThat(options.listenDataSource()).isEmpty();
            HikariPoolMXBean pool = context.getBean(DataSource.class).unwrap(HikariDataSource.class)
                    .getHikariPoolMXBean();
            // The listening session carries the worker's name (dead worker recovery is on by default).
            Poll.until("the worker listens", () -> database.count("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and application_name like 'graphile-worker-java:%'") == 1);
            Poll.until("the pool lends no connection while the worker waits for jobs",
                    () -> pool.getActiveConnections() == 0);
        });
    }

    @Test
    void onAPoolWithoutAutoCommitAJobAddedOutsideATransactionIsCommitted() {
        TaskDefinition<Greeting> elsewhere = TaskDefinition.of("greet_elsewhere", Greeting.class);
        application().withPropertyValues("spring.datasource.hikari.auto-commit=false").run(context -> {
            context.getBean(Jobs.class).add(elsewhere, new Greeting("Ada"));

            assertThat(database.count("select count(*) from graphile_worker.jobs"
                    + " where task_identifier = 'greet_elsewhere'")).isEqualTo(1);
        });
    }

    @Test
    void withTheListenConnectionInThePoolThePoolIsTheListenDataSource() {
        application().withPropertyValues("graphile.worker.dedicated-listen-connection=false").run(context ->
                assertThat(context.getBean(WorkerOptions.class).listenDataSource())
                        .containsSame(context.getBean(DataSource.class)));
    }

    @Test
    void propertiesReachTheOptions() {
        application().withPropertyValues("graphile.worker.concurrency=7", "graphile.worker.poll-interval=250ms",
                "graphile.worker.schema=jobs_here", "graphile.worker.local-queue-size=0",
                "graphile.worker.completion-batch-size=1", "graphile.worker.shutdown-grace-period=9s",
                "graphile.worker.dead-worker-recovery-time=0", "graphile.worker.forbidden-flags=slow,big",
                "graphile.worker.crontab=0 4 * * * greet", "graphile.worker.cron-time-zone=Europe/Paris",
                "graphile.worker.keep-history=7d", "graphile.worker.task-limits.[send_email]=5",
                "graphile.worker.task-limits.resize=2", "graphile.worker.durable-claims=true")
                .run(context -> {
                    WorkerOptions options = context.getBean(WorkerOptions.class);
                    assertThat(options.concurrency()).isEqualTo(7);
                    assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(options.schema()).isEqualTo("jobs_here");
                    assertThat(options.localQueueSize()).isZero();
                    assertThat(options.completionBatchSize()).isEqualTo(1);
                    assertThat(options.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(options.deadWorkerRecoveryTime()).isEmpty();
                    assertThat(options.forbiddenFlags()).containsExactlyInAnyOrder("slow", "big");
                    assertThat(options.crontab()).contains("0 4 * * * greet");
                    assertThat(options.cronTimeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
                    assertThat(options.keepHistory()).contains(Duration.ofDays(7));
                    assertThat(options.taskLimits()).containsOnlyKeys("send_email", "resize");
                    assertThat(options.taskLimits().get("send_email").maxRunning()).hasValue(5);
                    assertThat(options.durableClaims()).isTrue();
                    assertThat(database.count("select count(*) from information_schema.schemata"
                            + " where schema_name = 'jobs_here'")).isEqualTo(1);
                });
    }

    @Test
    void theCrontabCanBeAResource() {
        application().withPropertyValues("graphile.worker.crontab-location=classpath:crontab-for-tests")
                .run(context -> assertThat(context.getBean(WorkerOptions.class).crontab()).get()
                        .asString().contains("greet"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "graphile.worker.concurrency|0",
        "graphile.worker.local-queue-size|-1",
        "graphile.worker.completion-batch-size|0",
        "graphile.worker.dead-worker-recovery-time|500ms",
        "graphile.worker.poll-interval|-1s",
        "graphile.worker.crontab|every day at noon greet",
        "graphile.worker.crontab-location|classpath:no-such-crontab",
        "graphile.worker.keep-history|30s",
        "graphile.worker.task-limits.[send_email]|0",
    })
    void aValueTheLibraryRefusesStopsTheStartNamingItsProperty(String property, String value) {
        application().withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
                            invalid -> assertThat(invalid.getName()).isEqualTo(property))
                    .hasMessageContaining(property);
        });
    }

    @Test
    void aValueOfTheWrongTypeStopsTheStartNamingItsProperty() {
        application().withPropertyValues("graphile.worker.poll-interval=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeOfType(context.getStartupFailure(), BindException.class))
                    .hasMessageContaining("graphile.worker.poll-interval");
        });
    }

    @Test
    void aCrontabInBothFormsIsRefused() {
        application().withPropertyValues("graphile.worker.crontab=0 4 * * * greet",
                "graphile.worker.crontab-location=classpath:crontab-for-tests").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("graphile.worker.crontab-location")
                            .hasMessageContaining("not both");
                });
    }

    @Test
    void twoBeansClaimingOneTaskStopTheStartNamingBoth() {
        application().withUserConfiguration(TwoTasksOfOneName.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("'greet'")
                    .hasMessageContaining("'englishGreeting'")
                    .hasMessageContaining("'frenchGreeting'");
        });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicator() {
        application().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(WorkerHealthIndicator.class);
        });
        application().run(context -> assertThat(context).hasSingleBean(WorkerHealthIndicator.class));
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        application().withPropertyValues("management.health.graphileworker.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(WorkerHealthIndicator.class));
    }

    @Test
    void metersGoToTheApplicationsRegistryWhenItHasOne() {
        application().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(MicrometerMetrics.class);
            SimpleMeterRegistry registry = (SimpleMeterRegistry) context.getBean(MeterRegistry.class);
            // The queue-depth gauges, sampled as soon as the context is ready.
            assertThat(registry.find("graphile_worker.jobs.queued").gauges()).isNotEmpty();
        });
        application().run(context -> assertThat(context).doesNotHaveBean(MicrometerMetrics.class));
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        application().withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MicrometerMetrics.class);
                });
    }

    @Test
    void payloadsUseTheApplicationsJackson3MapperWhenItHasOne() {
        application().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run(context -> {
            assertThat(context.getBean(PayloadMapper.class)).isInstanceOf(Jackson3PayloadMapper.class);
            assertThat(context.getBean(WorkerOptions.class).payloadMapper())
                    .containsSame(context.getBean(PayloadMapper.class));
        });
    }

    @Test
    void payloadsUseTheApplicationsJackson2MapperWhenThatIsAllItHas() {
        application().withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withConfiguration(AutoConfigurations.of(Jackson2AutoConfiguration.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PayloadMapper.class)).isNotInstanceOf(Jackson3PayloadMapper.class);
                    assertThat(context.getBean(WorkerOptions.class).payloadMapper())
                            .containsSame(context.getBean(PayloadMapper.class));
                });
    }

    @Test
    void withoutAnApplicationMapperPayloadsUseTheLibrarysOwn() {
        application().run(context -> assertThat(context).doesNotHaveBean(PayloadMapper.class));
    }

    @Test
    void withTheApplicationsOpenTelemetryEachJobRunsAsAChildOfTheSpanThatAddedIt() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build();
        application().withBean(OpenTelemetry.class, () -> openTelemetry).withBean(GreetingTask.class, GreetingTask::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(OpenTelemetryTracing.class);
                    Span request = openTelemetry.getTracer("test").spanBuilder("GET /greet").startSpan();
                    try (Scope ignored = request.makeCurrent()) {
                        context.getBean(Jobs.class).add(Greeting.TASK, new Greeting("Ada"));
                    } finally {
                        request.end();
                    }
                    Poll.until("the job's span is exported", () -> exported.getFinishedSpanItems().stream()
                            .anyMatch(span -> span.getName().equals("greet process")
                                    && span.getParentSpanId().equals(request.getSpanContext().getSpanId())));
                });
        openTelemetry.close();
    }

    @Test
    void withoutOpenTelemetryOrWithTracingOffNothingIsTraced() {
        application().withClassLoader(new FilteredClassLoader("io.opentelemetry")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(OpenTelemetryTracing.class);
        });
        application().withBean(OpenTelemetry.class, OpenTelemetry::noop)
                .withPropertyValues("graphile.worker.tracing.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OpenTelemetryTracing.class));
    }

    @Test
    void customizersHaveTheLastWord() {
        ThreadFactory threads = Thread::new;
        application().withPropertyValues("graphile.worker.concurrency=3")
                .withBean(WorkerOptionsCustomizer.class, () -> options -> options.concurrency(4).jobThreadFactory(threads))
                .run(context -> {
                    WorkerOptions options = context.getBean(WorkerOptions.class);
                    assertThat(options.concurrency()).isEqualTo(4);
                    assertThat(options.jobThreadFactory()).containsSame(threads);
                });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void withVirtualThreadsOnJobsRunOnVirtualThreads() {
        application().withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            ThreadFactory threads = context.getBean(WorkerOptions.class).jobThreadFactory().orElseThrow();
            Thread thread = threads.newThread(() -> { });
            assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
        });
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void beforeJava21VirtualThreadsAreNotAskedForAndNothingFails() {
        application().withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WorkerOptions.class).jobThreadFactory()).isEmpty();
        });
    }

    @Test
    void withMigrationsOffTheSchemaIsLeftAlone() {
        TestDatabase fresh = database.createDatabase();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + fresh.jdbcUrl(),
                        "spring.datasource.username=" + fresh.user(),
                        "spring.datasource.password=" + fresh.password(),
                        "graphile.worker.run-migrations=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(fresh.count("select count(*) from information_schema.schemata"
                            + " where schema_name = 'graphile_worker'")).isZero();
                });
    }

    @Test
    void withMigrationsOffAWorkerRefusesAMissingSchemaAndLeavesItMissing() {
        TestDatabase fresh = database.createDatabase();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        GraphileWorkerAutoConfiguration.class))
                .withBean(GreetingTask.class, GreetingTask::new)
                .withPropertyValues("spring.datasource.url=" + fresh.jdbcUrl(),
                        "spring.datasource.username=" + fresh.user(),
                        "spring.datasource.password=" + fresh.password(),
                        "graphile.worker.run-migrations=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("is not installed, and this worker was told not to migrate it");
                    assertThat(fresh.count("select count(*) from information_schema.schemata"
                            + " where schema_name = 'graphile_worker'")).isZero();
                });
    }

    @Test
    void theStartersDefaultsAreTheLibrarys() {
        GraphileWorkerProperties properties = new GraphileWorkerProperties();
        WorkerOptions library = WorkerOptions.builder().connectionString("postgres:///unused").build();
        assertThat(properties.getSchema()).isEqualTo(library.schema());
        assertThat(properties.getConcurrency()).isEqualTo(library.concurrency());
        assertThat(properties.getPollInterval()).isEqualTo(library.pollInterval());
        assertThat(properties.getLocalQueueSize()).isEqualTo(library.localQueueSize());
        assertThat(properties.getLocalQueueTtl()).isEqualTo(library.localQueueTtl());
        assertThat(properties.getCompletionBatchSize()).isEqualTo(library.completionBatchSize());
        assertThat(properties.getCompletionBatchDelay()).isEqualTo(library.completionBatchDelay());
        assertThat(properties.getDeadWorkerRecoveryTime()).isEqualTo(library.deadWorkerRecoveryTime().orElseThrow());
        assertThat(properties.getShutdownGracePeriod()).isEqualTo(library.shutdownGracePeriod());
        assertThat(properties.getForbiddenFlags()).isEqualTo(library.forbiddenFlags());
        assertThat(properties.isRunMigrations()).isEqualTo(library.migrate());
        assertThat(properties.isDurableClaims()).isEqualTo(library.durableClaims());
        assertThat(properties.getCronTimeZone()).isEqualTo(library.cronTimeZone());
        assertThat(Optional.ofNullable(properties.getKeepHistory())).isEqualTo(library.keepHistory());
    }

    private static Throwable causeOfType(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " among the causes of " + failure, failure);
    }
}
