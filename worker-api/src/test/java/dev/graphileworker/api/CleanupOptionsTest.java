package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanupOptionsTest {

    @Test
    void ofRunsTheGivenTasksAndKeepsNothing() {
        CleanupOptions options = CleanupOptions.of(CleanupTask.GC_JOB_QUEUES);

        assertThat(options.includes(CleanupTask.GC_JOB_QUEUES)).isTrue();
        assertThat(options.includes(CleanupTask.GC_TASK_IDENTIFIERS)).isFalse();
        assertThat(options.taskIdentifiersToKeep()).isEmpty();
    }

    @Test
    void keepListReplacesTheCurrentOne() {
        CleanupOptions options = CleanupOptions.of(CleanupTask.GC_TASK_IDENTIFIERS)
                .withTaskIdentifiersToKeep(List.of("a", "b"))
                .withTaskIdentifiersToKeep(List.of("c"));

        assertThat(options.taskIdentifiersToKeep()).containsExactly("c");
        assertThat(options.tasks()).containsExactly(CleanupTask.GC_TASK_IDENTIFIERS);
    }

    @Test
    void laterChangesToTheGivenSetsDoNotReachTheOptions() {
        Set<String> keep = new HashSet<>(Set.of("a"));
        CleanupOptions options = new CleanupOptions(Set.of(CleanupTask.GC_TASK_IDENTIFIERS), keep);

        keep.add("b");

        assertThat(options.taskIdentifiersToKeep()).containsExactly("a");
    }

    @Test
    void nullsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new CleanupOptions(null, Set.of())).hasMessageContaining("tasks");
        assertThatThrownBy(() -> new CleanupOptions(Set.of(), null)).hasMessageContaining("taskIdentifiersToKeep");
        assertThatThrownBy(() -> new CleanupOptions(new HashSet<>(Arrays.asList(CleanupTask.GC_JOB_QUEUES, null)), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tasks");
        assertThatThrownBy(() -> new CleanupOptions(Set.of(), new HashSet<>(Arrays.asList("a", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taskIdentifiersToKeep");
        assertThatThrownBy(() -> CleanupOptions.of(CleanupTask.GC_JOB_QUEUES).withTaskIdentifiersToKeep(Arrays.asList("a", null)))
                .hasMessageContaining("taskIdentifiersToKeep");
    }

    @Test
    void resultGivesTheCountOfEachTask() {
        CleanupResult result = new CleanupResult(3, 2, 1);

        assertThat(result.deleted(CleanupTask.DELETE_PERMAFAILED_JOBS)).isEqualTo(3);
        assertThat(result.deleted(CleanupTask.GC_TASK_IDENTIFIERS)).isEqualTo(2);
        assertThat(result.deleted(CleanupTask.GC_JOB_QUEUES)).isEqualTo(1);
    }
}
