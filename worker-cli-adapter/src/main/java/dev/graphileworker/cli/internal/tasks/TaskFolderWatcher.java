package dev.graphileworker.cli.internal.tasks;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import dev.graphileworker.cli.internal.tasks.TaskFolderContents.TaskChanges;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the task folder when something in it changes, once the changes have paused for
 * {@link #QUIET_PERIOD} (an editor's save or a build writes several events), and publishes the new
 * contents. A folder that no longer loads (say a task is now offered twice) keeps the previous
 * contents, so the worker goes on, and the error is logged.
 */
final class TaskFolderWatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFolderWatcher.class);
    private static final Duration QUIET_PERIOD = Duration.ofMillis(200);
    /** Folders the scanner skips need no watching; this also keeps {@code .git} and the like out. */
    private static final Pattern TASK_FOLDER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final TaskFolderLoader loader;
    private final WatchService watchService;
    private final AtomicReference<TaskFolderContents> current;

    /**
     * @param loader loads the folder
     * @param watchService the service to watch with; closing it ends {@link #run()}
     * @param current where the contents are published; holds the initial ones
     */
    TaskFolderWatcher(TaskFolderLoader loader, WatchService watchService, AtomicReference<TaskFolderContents> current) {
        this.loader = loader;
        this.watchService = watchService;
        this.current = current;
    }

    /**
     * Watches the folder and every task folder below it. Called before each load, so that a folder
     * made since is watched before its files are read, and nothing written to it afterwards is missed.
     *
     * @throws IOException when a folder cannot be watched
     */
    void watchFolders() throws IOException {
        Path root = loader.folder();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && !TASK_FOLDER_NAME.matcher(dir.getFileName().toString()).matches()) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                // Registering a folder again returns its existing key; nothing doubles.
                dir.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                // Gone between listing and visiting, or unreadable: the scan reports it if it matters.
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void run() {
        try {
            while (true) {
                consume(watchService.take());
                WatchKey more;
                while ((more = watchService.poll(QUIET_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    consume(more);
                }
                reload();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("Stopped watching the task folder {}", loader.folder());
        }
    }

    /** What changed does not matter (the whole folder is reloaded), only that something did. */
    private static void consume(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private void reload() {
        TaskFolderContents next;
        try {
            watchFolders();
            next = loader.load();
        } catch (TaskFolderException e) {
            LOG.error("The task folder changed, but its tasks cannot be loaded; the worker keeps the previous "
                    + "tasks until this is fixed: {}", e.getMessage(), e.getCause());
            return;
        } catch (ClosedWatchServiceException e) {
            throw e;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.error("The task folder {} changed, but could not be reloaded; the worker keeps the previous tasks",
                    loader.folder(), e);
            return;
        }
        TaskChanges changes = next.changesSince(current.getAndSet(next));
        if (!changes.isEmpty()) {
            LOG.info("Reloaded the task folder {}: added {}, removed {}, changed {}", loader.folder(),
                    changes.added(), changes.removed(), changes.changed());
        }
        if (next.tasks().isEmpty()) {
            LOG.warn("The task folder {} has no tasks now: the worker claims no jobs until one is added",
                    loader.folder());
        }
    }
}
