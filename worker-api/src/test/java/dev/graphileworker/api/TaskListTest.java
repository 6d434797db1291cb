package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskListTest {

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
}
