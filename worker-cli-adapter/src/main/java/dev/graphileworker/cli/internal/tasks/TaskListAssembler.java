package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the executables and the jars' tasks of one scan into one task list, refusing an identifier
 * offered by two files: which of them should run would otherwise depend on the order of a folder
 * listing.
 */
final class TaskListAssembler {

    private final Path folder;
    private final TaskList.Builder tasks = TaskList.builder();
    private final Map<String, TaskOrigin> origins = new HashMap<>();
    private final List<String> clashes = new ArrayList<>();

    private TaskListAssembler(Path folder) {
        this.folder = folder;
    }

    /**
     * @param folder the task folder, for messages
     * @param scan what the folder holds
     * @param jars the scan's jars, loaded
     * @return the task list and where each task came from
     * @throws TaskFolderException naming both files of every identifier offered twice
     */
    static TaskFolderContents assemble(Path folder, FolderScan scan, Map<Path, LoadedJar> jars) {
        TaskListAssembler assembler = new TaskListAssembler(folder);
        for (ExecutableFile executable : scan.executables()) {
            assembler.offer(executable.identifier(), new TaskOrigin(executable.path(),
                    FileVersion.of(executable.path())), new ExecutableTask(executable.identifier(), executable.path()));
        }
        for (Path jarPath : scan.jars()) {
            LoadedJar jar = jars.get(jarPath);
            TaskOrigin origin = new TaskOrigin(jar.jar(), jar.version());
            jar.tasks().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(task -> assembler.offer(task.getKey(), origin, task.getValue()));
        }
        return assembler.result();
    }

    private void offer(String identifier, TaskOrigin origin, TaskHandler handler) {
        TaskOrigin earlier = origins.putIfAbsent(identifier, origin);
        if (earlier != null) {
            clashes.add("'" + identifier + "' by both " + earlier.file() + " and " + origin.file());
        } else {
            tasks.task(identifier, handler);
        }
    }

    private TaskFolderContents result() {
        if (!clashes.isEmpty()) {
            throw new TaskFolderException("The task folder " + folder + " offers " + (clashes.size() == 1
                    ? "a task" : clashes.size() + " tasks") + " twice: " + String.join("; ", clashes)
                    + ". Keep one file per task identifier");
        }
        return new TaskFolderContents(tasks.build(), origins);
    }
}
