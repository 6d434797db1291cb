package dev.graphileworker.cli.internal.tasks;

/**
 * The task folder cannot give a usable task list: it is missing, not a folder, has no task, offers
 * one identifier twice, or holds a jar that does not load. The message is one sentence meant for the
 * user and names the folder or files concerned.
 */
public final class TaskFolderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TaskFolderException(String message) {
        super(message);
    }

    TaskFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
