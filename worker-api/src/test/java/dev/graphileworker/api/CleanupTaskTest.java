package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanupTaskTest {

    @Test
    void namesAreGraphileWorkers() {
        assertThat(CleanupTask.fromName("GC_TASK_IDENTIFIERS")).isEqualTo(CleanupTask.GC_TASK_IDENTIFIERS);
        assertThat(CleanupTask.fromName("GC_JOB_QUEUES")).isEqualTo(CleanupTask.GC_JOB_QUEUES);
        assertThat(CleanupTask.fromName(" DELETE_PERMAFAILED_JOBS ")).isEqualTo(CleanupTask.DELETE_PERMAFAILED_JOBS);
    }

    @Test
    void unknownNameIsRefusedListingTheValidOnes() {
        assertThatThrownBy(() -> CleanupTask.fromName("gc_job_queues"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gc_job_queues'")
                .hasMessageContaining("GC_TASK_IDENTIFIERS, GC_JOB_QUEUES, DELETE_PERMAFAILED_JOBS");
    }

    @Test
    void commaSeparatedListGivesEachTaskOnce() {
        assertThat(CleanupTask.fromNames("GC_TASK_IDENTIFIERS, GC_JOB_QUEUES,GC_TASK_IDENTIFIERS"))
                .containsExactlyInAnyOrder(CleanupTask.GC_TASK_IDENTIFIERS, CleanupTask.GC_JOB_QUEUES);
        assertThat(CleanupTask.fromNames("DELETE_PERMAFAILED_JOBS")).isEqualTo(Set.of(CleanupTask.DELETE_PERMAFAILED_JOBS));
    }

    @Test
    void listWithABadOrEmptyNameIsRefusedListingTheValidOnes() {
        assertThatThrownBy(() -> CleanupTask.fromNames("GC_JOB_QUEUES,GC_QUEUES"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'GC_QUEUES'").hasMessageContaining("DELETE_PERMAFAILED_JOBS");
        assertThatThrownBy(() -> CleanupTask.fromNames("GC_JOB_QUEUES,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GC_TASK_IDENTIFIERS");
        assertThatThrownBy(() -> CleanupTask.fromNames(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GC_TASK_IDENTIFIERS");
    }
}
