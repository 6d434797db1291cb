package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskList;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command's task folder: every executable file in it (and its sub-folders) is a task run with
 * graphile-worker's executable-task protocol, and every {@code .jar} offers the tasks of its
 * {@link dev.graphileworker.api.spi.TaskProvider}s. {@code tasks/users/verify.sh} is task
 * {@code users/verify}. Files that give no task are logged as warnings and skipped.
 */
public final class TaskFolder {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFolder.class);

    private TaskFolder() {
    }

    /**
     * Loads the folder's tasks once.
     *
     * @param folder the task folder
     * @return its tasks, fixed
     * @throws TaskFolderException when the folder is missing, is not a folder, has no task, offers a
     *     task twice or holds a jar that does not load; the message is one sentence for the user
     */
    public static TaskList load(Path folder) {
        return loadInitial(newLoader(folder)).tasks();
    }

    /**
     * Loads the folder's tasks and keeps them up to date: a file added, changed or removed is
     * reloaded about 200 ms after the changes stop, without restarting the worker. Jobs already
     * running finish with the code they started with.
     *
     * @param folder the task folder
     * @return the watched folder, whose task list follows the files; close it when the worker has stopped
     * @throws TaskFolderException as {@link #load(Path)} does, for the folder as it is now
     */
    public static WatchedTaskFolder watch(Path folder) {
        TaskFolderLoader loader = newLoader(folder);
        WatchService watchService = newWatchService(loader);
        try {
            AtomicReference<TaskFolderContents> current = new AtomicReference<>();
            TaskFolderWatcher watcher = new TaskFolderWatcher(loader, watchService, current);
            // Watch first: a change made while the folder loads then triggers a reload.
            watcher.watchFolders();
            current.set(loadInitial(loader));
            Thread thread = new Thread(watcher, "graphile-worker-task-folder-watcher");
            thread.setDaemon(true);
            thread.start();
            return new WatchedTaskFolder(TaskList.dynamic(() -> current.get().tasks()), watchService, thread);
        } catch (IOException | RuntimeException e) {
            closeQuietly(watchService);
            if (e instanceof TaskFolderException folderProblem) {
                throw folderProblem;
            }
            throw new TaskFolderException("The task folder " + loader.folder() + " cannot be watched: " + e, e);
        }
    }

    private static TaskFolderLoader newLoader(Path folder) {
        return new TaskFolderLoader(folder, new JarTaskLoader(TaskFolder.class.getClassLoader()));
    }

    private static TaskFolderContents loadInitial(TaskFolderLoader loader) {
        TaskFolderContents contents = loader.load();
        if (contents.tasks().isEmpty()) {
            throw new TaskFolderException("The task folder " + loader.folder() + " has no tasks: add executable "
                    + "files or jars with a TaskProvider (files skipped are listed in the warnings above)");
        }
        LOG.info("Loaded tasks {} from {}", new TreeSet<>(contents.origins().keySet()), loader.folder());
        return contents;
    }

    private static WatchService newWatchService(TaskFolderLoader loader) {
        try {
            return loader.folder().getFileSystem().newWatchService();
        } catch (IOException e) {
            throw new TaskFolderException("The task folder " + loader.folder() + " cannot be watched: " + e, e);
        }
    }

    private static void closeQuietly(WatchService watchService) {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.debug("Could not close the watch service", e);
        }
    }
}
