package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskListTest {

    record SendEmail(String to, List<String> cc) {}

    private static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);

    private final TaskHandler hello = (payload, helpers) -> { };
    private final TaskHandler goodbye = (payload, helpers) -> { };

    @Test
    void builtListAnswersWithItsHandlers() {
        TaskList tasks = TaskList.builder().task("hello", hello).task("goodbye", goodbye).build();

        assertThat(tasks.identifiers()).containsExactlyInAnyOrder("hello", "goodbye");
        assertThat(tasks.handler("hello")).containsSame(hello);
        assertThat(tasks.handler("unknown")).isEmpty();
        assertThat(tasks.isEmpty()).isFalse();
        assertThat(TaskList.empty().isEmpty()).isTrue();
    }

    @Test
    void builtListDoesNotChangeWhenItsBuilderGoesOn() {
        TaskList.Builder builder = TaskList.builder().task("hello", hello);
        TaskList tasks = builder.build();

        builder.task("goodbye", goodbye);

        assertThat(tasks.identifiers()).containsExactly("hello");
    }

    @Test
    void blankOrOverlongIdentifiersAreRefused() {
        assertThatThrownBy(() -> TaskList.builder().task(" ", hello)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskList.builder().task("t".repeat(129), hello))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
    }

    @Test
    void taskAddedThroughADefinitionGetsItsPayloadBoundToTheDefinitionsType() throws Exception {
        List<SendEmail> received = new CopyOnWriteArrayList<>();
        TaskList tasks = TaskList.builder().task(SEND_EMAIL, (email, helpers) -> received.add(email)).build();
        SendEmail email = new SendEmail("ada@example.com", List.of("grace@example.com"));

        assertThat(tasks.identifiers()).containsExactly("send_email");
        tasks.handler("send_email").orElseThrow()
                .run(BindingJobHelpers.json(email), new BindingJobHelpers(BindingJobHelpers.json(email)));

        assertThat(received).containsExactly(email);
    }

    @Test
    void identifierAddedOnceByDefinitionAndOnceByNameIsRefusedAsADuplicate() {
        TaskHandler.TypedTaskHandler<SendEmail> send = (email, helpers) -> { };
        String duplicate = "Task 'send_email' is already in the task list";

        assertThatThrownBy(() -> TaskList.builder().task(SEND_EMAIL, send).task("send_email", hello))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(duplicate);
        assertThatThrownBy(() -> TaskList.builder().task("send_email", hello).task(SEND_EMAIL, send))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(duplicate);
        assertThatThrownBy(() -> TaskList.builder().task(SEND_EMAIL, send)
                .task(TaskDefinition.of("send_email", String.class), (text, helpers) -> { }))
                .as("another payload type does not make it another task")
                .isInstanceOf(IllegalArgumentException.class).hasMessage(duplicate);
    }

    @Test
    void nullDefinitionOrHandlerIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> TaskList.builder().task((TaskDefinition<SendEmail>) null, (email, helpers) -> { }))
                .isInstanceOf(NullPointerException.class).hasMessage("definition");
        assertThatThrownBy(() -> TaskList.builder().task(SEND_EMAIL, null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler of task 'send_email'");
    }

    @Test
    void dynamicListFollowsItsSupplierOnEveryCall() {
        AtomicReference<TaskList> current = new AtomicReference<>(TaskList.builder().task("hello", hello).build());
        TaskList tasks = TaskList.dynamic(current::get);

        assertThat(tasks.identifiers()).containsExactly("hello");
        assertThat(tasks.handler("hello")).containsSame(hello);

        current.set(TaskList.builder().task("goodbye", goodbye).build());

        assertThat(tasks.identifiers()).containsExactly("goodbye");
        assertThat(tasks.handler("hello")).isEmpty();
        assertThat(tasks.handler("goodbye")).containsSame(goodbye);

        current.set(TaskList.empty());

        assertThat(tasks.isEmpty()).isTrue();
    }

    @Test
    void identifiersOfADynamicListAreThoseOfTheMomentTheyWereRead() {
        AtomicReference<TaskList> current = new AtomicReference<>(TaskList.builder().task("hello", hello).build());
        TaskList tasks = TaskList.dynamic(current::get);

        Set<String> before = tasks.identifiers();
        current.set(TaskList.builder().task("goodbye", goodbye).build());

        assertThat(before).containsExactly("hello");
        assertThatThrownBy(() -> before.add("sneaky")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dynamicListCanFollowAnotherDynamicList() {
        AtomicReference<TaskList> current = new AtomicReference<>(TaskList.builder().task("hello", hello).build());
        TaskList inner = TaskList.dynamic(current::get);
        TaskList outer = TaskList.dynamic(() -> inner);

        current.set(TaskList.builder().task("goodbye", goodbye).build());

        assertThat(outer.identifiers()).containsExactly("goodbye");
    }

    @Test
    void supplierReturningNullIsReportedAsSuch() {
        TaskList tasks = TaskList.dynamic(() -> null);

        assertThatThrownBy(tasks::identifiers).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dynamic task list");
    }

    @Test
    void wrapWrapsEachHandlerOncePerVersionOfADynamicList() {
        java.util.concurrent.atomic.AtomicInteger wraps = new java.util.concurrent.atomic.AtomicInteger();
        TaskList first = TaskList.builder().task("a", (payload, helpers) -> { }).build();
        TaskList second = TaskList.builder().task("b", (payload, helpers) -> { }).build();
        java.util.concurrent.atomic.AtomicReference<TaskList> current = new java.util.concurrent.atomic.AtomicReference<>(first);
        TaskList wrapped = TaskList.dynamic(current::get).wrap((identifier, handler) -> {
            wraps.incrementAndGet();
            return handler;
        });

        assertThat(wrapped.identifiers()).containsExactly("a");
        assertThat(wrapped.handler("a")).isPresent();
        assertThat(wraps).hasValue(1);
        current.set(second);
        assertThat(wrapped.identifiers()).containsExactly("b");
        assertThat(wrapped.handler("b")).isPresent();
        assertThat(wraps).hasValue(2);
    }
}
