package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typed {@code addJob} overloads of every interface that adds jobs hand the definition's identifier,
 * the payload as it is (also {@code null}) and the options to the interface's own string method, so
 * that every implementation enqueues typed jobs exactly as it enqueues the others.
 */
class TypedEnqueueTest {

    record SendEmail(String to) {}

    private static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);
    private static final AddJobOptions OPTIONS = AddJobOptions.defaults().withQueueName("emails").withMaxAttempts(3);
    private static final SendEmail EMAIL = new SendEmail("ada@example.com");

    /** The abstract methods called on a proxy, each as its name followed by its arguments. */
    private final List<List<Object>> calls = new ArrayList<>();

    @Test
    void jobAdminAddsTypedJobsThroughItsStringMethod() {
        JobAdmin admin = recording(JobAdmin.class);

        admin.addJob(SEND_EMAIL, EMAIL);
        admin.addJob(SEND_EMAIL, EMAIL, OPTIONS);

        assertThat(calls).containsExactly(
                List.of("addJob", "send_email", EMAIL, AddJobOptions.defaults()),
                List.of("addJob", "send_email", EMAIL, OPTIONS));
    }

    @Test
    void nullPayloadIsPassedOnAsTheStringMethodWouldGetIt() {
        JobAdmin admin = recording(JobAdmin.class);

        admin.addJob(SEND_EMAIL, null);
        admin.addJob((String) null, null);
        admin.addJob("send_email", null);

        assertThat(calls).containsExactly(
                Arrays.asList("addJob", "send_email", null, AddJobOptions.defaults()),
                Arrays.asList("addJob", null, null, AddJobOptions.defaults()),
                Arrays.asList("addJob", "send_email", null, AddJobOptions.defaults()));
        assertThat(JobSpec.of(SEND_EMAIL, null)).isEqualTo(JobSpec.of("send_email", null));
    }

    @Test
    void workerUtilsAddsTypedJobsOnTheCallersConnectionThroughItsStringMethod() {
        WorkerUtils utils = recording(WorkerUtils.class);
        Connection connection = recording(Connection.class);

        utils.addJob(connection, SEND_EMAIL, EMAIL, OPTIONS);
        utils.addJob(SEND_EMAIL, EMAIL, OPTIONS);

        assertThat(calls).containsExactly(
                List.of("addJob", connection, "send_email", EMAIL, OPTIONS),
                List.of("addJob", "send_email", EMAIL, OPTIONS));
    }

    @Test
    void jobHelpersAndRunningWorkerAddTypedJobsThroughTheirStringMethods() {
        recording(JobHelpers.class).addJob(SEND_EMAIL, EMAIL, OPTIONS);
        recording(RunningWorker.class).addJob(SEND_EMAIL, null, AddJobOptions.defaults());

        assertThat(calls).containsExactly(
                List.of("addJob", "send_email", EMAIL, OPTIONS),
                Arrays.asList("addJob", "send_email", null, AddJobOptions.defaults()));
    }

    @Test
    void jobSpecOfADefinitionHasItsIdentifier() {
        AddJobOptions later = OPTIONS.withRunAt(Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(JobSpec.of(SEND_EMAIL, EMAIL)).isEqualTo(new JobSpec("send_email", EMAIL, AddJobOptions.defaults()));
        assertThat(JobSpec.of(SEND_EMAIL, EMAIL, later)).isEqualTo(new JobSpec("send_email", EMAIL, later));
    }

    @Test
    void nullDefinitionIsRefusedNamingIt() {
        TaskDefinition<SendEmail> none = null;

        assertThatThrownBy(() -> recording(JobAdmin.class).addJob(none, EMAIL))
                .isInstanceOf(NullPointerException.class).hasMessage("definition");
        assertThatThrownBy(() -> recording(WorkerUtils.class).addJob(recording(Connection.class), none, EMAIL, OPTIONS))
                .isInstanceOf(NullPointerException.class).hasMessage("definition");
        assertThatThrownBy(() -> JobSpec.of(none, EMAIL))
                .isInstanceOf(NullPointerException.class).hasMessage("definition");
        assertThat(calls).isEmpty();
    }

    /**
     * An implementation of {@code type} whose default methods run as written and whose abstract methods
     * are recorded in {@link #calls} and return {@code null}.
     */
    private <T> T recording(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (isObjectMethod(method)) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " proxy";
                };
            }
            List<Object> call = new ArrayList<>();
            call.add(method.getName());
            call.addAll(Arrays.asList(args == null ? new Object[0] : args));
            calls.add(call);
            return null;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader() == null ? getClass().getClassLoader()
                : type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
