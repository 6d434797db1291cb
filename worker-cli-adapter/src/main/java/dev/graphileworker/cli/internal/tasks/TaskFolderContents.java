package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One loading of the task folder: the task list and the file each task came from.
 *
 * @param tasks the tasks
 * @param origins the file each task came from, by identifier
 */
record TaskFolderContents(TaskList tasks, Map<String, TaskOrigin> origins) {

    TaskFolderContents {
        origins = Map.copyOf(origins);
    }

    /**
     * @param previous the loading before this one
     * @return which tasks came, went, or came from another file or another version of their file
     */
    TaskChanges changesSince(TaskFolderContents previous) {
        Set<String> added = new TreeSet<>(origins.keySet());
        added.removeAll(previous.origins.keySet());
        Set<String> removed = new TreeSet<>(previous.origins.keySet());
        removed.removeAll(origins.keySet());
        Set<String> changed = new TreeSet<>();
        origins.forEach((identifier, origin) -> {
            TaskOrigin before = previous.origins.get(identifier);
            if (before != null && !Objects.equals(before, origin)) {
                changed.add(identifier);
            }
        });
        return new TaskChanges(added, removed, changed);
    }

    /**
     * What a reload changed.
     *
     * @param added new identifiers
     * @param removed identifiers gone
     * @param changed identifiers whose file changed
     */
    record TaskChanges(Set<String> added, Set<String> removed, Set<String> changed) {

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }
}
