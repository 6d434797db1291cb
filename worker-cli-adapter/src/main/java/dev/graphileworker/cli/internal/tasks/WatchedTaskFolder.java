package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.WatchService;

/**
 * A task folder being watched: its {@link #taskList()} follows the folder's files as they change.
 * Close it after the worker using the list has stopped. Thread-safe.
 */
public final class WatchedTaskFolder implements AutoCloseable {

    private final TaskList taskList;
    private final WatchService watchService;
    private final Thread watcherThread;

    WatchedTaskFolder(TaskList taskList, WatchService watchService, Thread watcherThread) {
        this.taskList = taskList;
        this.watchService = watchService;
        this.watcherThread = watcherThread;
    }

    /**
     * @return a dynamic task list ({@link TaskList#dynamic}) holding the folder's latest loadable
     *     tasks; give it to the worker
     */
    public TaskList taskList() {
        return taskList;
    }

    /**
     * Stops watching and waits for a reload under way to end. The task list keeps its last tasks.
     */
    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop watching the task folder", e);
        }
        try {
            watcherThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
