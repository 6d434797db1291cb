package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskHandler;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tasks one version of a jar offers, with their handlers loaded in the jar's own class loader.
 *
 * @param jar the jar in the task folder
 * @param version the version that was loaded
 * @param tasks its tasks by identifier
 */
record LoadedJar(Path jar, FileVersion version, Map<String, TaskHandler> tasks) {

    LoadedJar {
        tasks = Map.copyOf(tasks);
    }
}
