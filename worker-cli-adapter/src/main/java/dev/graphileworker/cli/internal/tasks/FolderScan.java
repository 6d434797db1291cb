package dev.graphileworker.cli.internal.tasks;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a look through the task folder found, before anything is loaded.
 *
 * @param executables the files that run as tasks, in path order
 * @param jars the jars that may offer tasks, in path order
 * @param skipped what gives no task, and why
 */
record FolderScan(List<ExecutableFile> executables, List<Path> jars, Set<SkippedFile> skipped) {

    FolderScan {
        executables = List.copyOf(executables);
        jars = List.copyOf(jars);
        skipped = Set.copyOf(skipped);
    }
}
