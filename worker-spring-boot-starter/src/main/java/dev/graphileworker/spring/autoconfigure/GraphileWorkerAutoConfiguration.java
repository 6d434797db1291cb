package dev.graphileworker.spring.autoconfigure;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.api.events.WorkerEventListener;
import dev.graphileworker.spring.GraphileWorkerLifecycle;
import dev.graphileworker.spring.GraphileWorkerProperties;
import dev.graphileworker.spring.Jobs;
import dev.graphileworker.spring.TaskListCustomizer;
import dev.graphileworker.spring.WorkerOptionsCustomizer;
import dev.graphileworker.spring.WorkerTask;
import dev.graphileworker.spring.internal.OptionsFromProperties;
import dev.graphileworker.spring.internal.TaskBeans;
import dev.graphileworker.spring.internal.WorkerHealthTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs a graphile-worker in a Spring Boot application, on the application's {@code DataSource}.
 *
 * <p>Beans: {@link GraphileWorkerProperties}, the worker's base {@link WorkerOptions}, a
 * {@link WorkerUtils} for administration, {@link Jobs} for adding jobs in the application's
 * transactions, and the {@link GraphileWorkerLifecycle} that runs the worker with every
 * {@link WorkerTask} bean; with Actuator a health indicator, with a Micrometer registry the meters;
 * with {@code graphile.worker.dashboard.enabled} in a servlet web application, the web dashboard.
 * {@code graphile.worker.enabled=false} turns it all off. An application without a
 * {@code DataSource} gets Spring Boot's usual report of the missing bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = {
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@ConditionalOnProperty(prefix = "graphile.worker", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(GraphileWorkerProperties.class)
@Import({PayloadMapperConfigurations.Jackson3.class, PayloadMapperConfigurations.Jackson2.class,
    WorkerHealthConfiguration.class, WorkerMetricsConfiguration.class, WorkerTracingConfiguration.class,
    DashboardConfiguration.class})
public class GraphileWorkerAutoConfiguration {

    /**
     * The options every part of the worker shares: the application's data source, the properties,
     * the application's payload mapper and, with {@code spring.threads.virtual.enabled}, virtual
     * threads for jobs. Tasks and event listeners are added when the worker starts.
     *
     * @param properties {@code graphile.worker.*}
     * @param dataSource the application's data source
     * @param payloadMapper the application's JSON, when it has a mapper
     * @param customizers the application's changes
     * @param environment whether virtual threads are on
     * @return the options
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkerOptions graphileWorkerOptions(GraphileWorkerProperties properties, DataSource dataSource,
            ObjectProvider<PayloadMapper> payloadMapper, ObjectProvider<WorkerOptionsCustomizer> customizers,
            Environment environment) {
        WorkerOptions.Builder options = WorkerOptions.builder().dataSource(dataSource);
        OptionsFromProperties.apply(properties, options);
        if (!properties.isDedicatedListenConnection()) {
            // Borrowed from the pool itself; by default the worker opens it beside a HikariCP pool.
            options.listenDataSource(dataSource);
        }
        payloadMapper.ifAvailable(options::payloadMapper);
        if (Threading.VIRTUAL.isActive(environment)) {
            options.jobThreadFactory(new VirtualThreadTaskExecutor("graphile-worker-job-").getVirtualThreadFactory());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(options));
        return options.build();
    }

    /**
     * @param options the base options
     * @param properties whether to migrate the schema now
     * @return administration and enqueueing on the application's data source; the schema installed or
     *     upgraded first unless {@code graphile.worker.run-migrations=false}
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WorkerUtils graphileWorkerUtils(WorkerOptions options, GraphileWorkerProperties properties) {
        WorkerUtils utils = GraphileWorker.workerUtils(options);
        if (properties.isRunMigrations()) {
            utils.migrate();
        }
        return utils;
    }

    /**
     * @param workerUtils adds the jobs
     * @param dataSource whose transactions the jobs join
     * @return the bean applications add jobs with
     */
    @Bean
    @ConditionalOnMissingBean
    public Jobs graphileWorkerJobs(WorkerUtils workerUtils, DataSource dataSource) {
        return new Jobs(workerUtils, dataSource);
    }

    /** @return what the health indicator shows, fed by the worker's events */
    @Bean
    public WorkerHealthTracker graphileWorkerHealthTracker() {
        return new WorkerHealthTracker();
    }

    /**
     * The worker, with the application's tasks and event listeners as they are once every bean
     * exists (a task may itself use {@link Jobs}).
     *
     * @param options the base options
     * @param beans where the task beans are
     * @param taskListCustomizers what wraps the tasks (tracing, among others)
     * @param listeners the event listeners (the health tracker and the meters among them)
     * @return the lifecycle that runs the worker
     */
    @Bean
    public GraphileWorkerLifecycle graphileWorkerLifecycle(WorkerOptions options, ListableBeanFactory beans,
            ObjectProvider<TaskListCustomizer> taskListCustomizers, ObjectProvider<WorkerEventListener> listeners) {
        return new GraphileWorkerLifecycle(() -> {
            TaskList tasks = tasks(beans);
            for (TaskListCustomizer customizer : taskListCustomizers.orderedStream().toList()) {
                tasks = customizer.customize(tasks);
            }
            WorkerOptions.Builder complete = options.toBuilder().taskList(tasks);
            listeners.orderedStream().forEach(complete::eventListener);
            return complete.build();
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TaskList tasks(ListableBeanFactory beans) {
        Map<String, WorkerTask<?>> tasks = new LinkedHashMap<>((Map) beans.getBeansOfType(WorkerTask.class));
        return TaskBeans.taskList(tasks);
    }
}
