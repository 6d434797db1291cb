package dev.graphileworker.api.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The jobs an action applies to: listed by id, or every job a filter matches at the moment the action
 * runs.
 *
 * @since 0.1.0
 */
public sealed interface JobSelection {

    /**
     * Jobs by id; ids of jobs that no longer exist are reported as missing.
     *
     * @param ids the jobs' ids, at least one
     */
    record Ids(List<Long> ids) implements JobSelection {
        /** Copies the ids and checks there is at least one. */
        public Ids {
            ids = List.copyOf(ids);
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("Name at least one job id");
            }
        }
    }

    /**
     * Every job the filter matches.
     *
     * @param filter the filter; one that matches everything must be meant ({@link JobFilter#matchesEverything()})
     */
    record Matching(JobFilter filter) implements JobSelection {
        /** Checks that the filter is present. */
        public Matching {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * @param ids job ids
     * @return a selection of those jobs
     */
    static JobSelection ids(long... ids) {
        return new Ids(Arrays.stream(ids).boxed().toList());
    }

    /**
     * @param filter a filter
     * @return a selection of the jobs it matches
     */
    static JobSelection matching(JobFilter filter) {
        return new Matching(filter);
    }
}
