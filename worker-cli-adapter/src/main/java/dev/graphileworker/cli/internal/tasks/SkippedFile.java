package dev.graphileworker.cli.internal.tasks;

import java.nio.file.Path;

/**
 * A file or folder of the task folder that gives no task.
 *
 * @param path what was skipped
 * @param reason why, as the end of a sentence that starts with the path
 */
record SkippedFile(Path path, String reason) {
}
