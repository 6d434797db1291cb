package dev.graphileworker.cli.internal.tasks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the task folder, again each time it is asked: scans it, loads the jars that are new or
 * changed since the last time (reusing the others), and builds the task list. Warns once about each
 * file it skips, not again on every reload. Not thread-safe: one thread loads at a time.
 */
final class TaskFolderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFolderLoader.class);

    private final Path folder;
    private final TaskFolderScanner scanner = new TaskFolderScanner();
    private final JarTaskLoader jarLoader;
    private Map<Path, LoadedJar> loadedJars = Map.of();
    private Set<SkippedFile> reportedSkips = Set.of();

    /**
     * @param folder the task folder
     * @param jarLoader loads the folder's jars
     */
    TaskFolderLoader(Path folder, JarTaskLoader jarLoader) {
        this.folder = folder.toAbsolutePath().normalize();
        this.jarLoader = jarLoader;
    }

    /** @return the folder, absolute */
    Path folder() {
        return folder;
    }

    /**
     * @return the folder's tasks as they are now; possibly none
     * @throws TaskFolderException when the folder is missing, a jar does not load, or a task is offered twice
     */
    TaskFolderContents load() {
        FolderScan scan = scanner.scan(folder);
        reportNewSkips(scan.skipped());
        Map<Path, LoadedJar> jars = new HashMap<>();
        for (Path jar : scan.jars()) {
            LoadedJar loaded = loadedJars.get(jar);
            jars.put(jar, loaded != null && loaded.version().equals(FileVersion.of(jar)) ? loaded : jarLoader.load(jar));
        }
        // Kept even if assembling fails below: the jars themselves loaded fine, and the next reload
        // (after the user fixed the clash) need not load them again.
        loadedJars = jars;
        return TaskListAssembler.assemble(folder, scan, jars);
    }

    private void reportNewSkips(Set<SkippedFile> skipped) {
        for (SkippedFile skip : skipped) {
            if (!reportedSkips.contains(skip)) {
                LOG.warn("Skipped {}: it {}", skip.path(), skip.reason());
            }
        }
        reportedSkips = new HashSet<>(skipped);
    }
}
