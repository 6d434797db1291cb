package dev.graphileworker.cli.internal.tasks;

import static dev.graphileworker.cli.internal.tasks.TaskFiles.plainFile;
import static dev.graphileworker.cli.internal.tasks.TaskFiles.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.graphileworker.api.TaskList;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The naming rules of the task folder, and the errors a command must turn into a one-line exit. */
class TaskFolderTest {

    @TempDir
    Path folder;
    @TempDir
    Path elsewhere;

    @Test
    void eachExecutableIsATaskNamedByItsPathBelowTheFolderWithoutExtensions() throws Exception {
        script(folder.resolve("hello.sh"), "true");
        script(folder.resolve("users/verify.sh"), "true");
        script(folder.resolve("users/admin/promote"), "true");
        script(folder.resolve("daily_report.v2.py"), "true");

        TaskList tasks = TaskFolder.load(folder);

        assertThat(tasks.identifiers())
                .containsExactlyInAnyOrder("hello", "users/verify", "users/admin/promote", "daily_report");
    }

    @Test
    void filesAndFoldersWhoseNamesAreNotIdentifiersAreSkippedWithAWarningSayingWhy() throws Exception {
        script(folder.resolve("ok.sh"), "true");
        Path spaced = script(folder.resolve("send mail.sh"), "true");
        Path hidden = script(folder.resolve(".hidden.sh"), "true");
        Path dotted = folder.resolve("v1.2");
        script(dotted.resolve("migrate.sh"), "true");

        try (LogCapture log = LogCapture.of(TaskFolderLoader.class)) {
            TaskList tasks = TaskFolder.load(folder);

            assertThat(tasks.identifiers()).containsExactly("ok");
            assertThat(warnings(log)).anySatisfy(line -> assertThat(line).contains(spaced.toString(), "[A-Za-z0-9_-]+"))
                    .anySatisfy(line -> assertThat(line).contains(hidden.toString(), "not a task identifier"))
                    .anySatisfy(line -> assertThat(line).contains(dotted.toString(), "folder", "nothing in it is a task"));
        }
    }

    @Test
    void filesThatAreNeitherExecutableNorJarsAreSkippedSayingHowToMakeThemTasks() throws Exception {
        script(folder.resolve("ok.sh"), "true");
        Path notes = plainFile(folder.resolve("billing/notes.txt"), "not a task");

        try (LogCapture log = LogCapture.of(TaskFolderLoader.class)) {
            TaskList tasks = TaskFolder.load(folder);

            assertThat(tasks.identifiers()).containsExactly("ok");
            assertThat(warnings(log)).singleElement().asString()
                    .contains(notes.toString(), "neither executable nor a .jar", "chmod +x", "'billing/notes'");
        }
    }

    @Test
    void aSymbolicLinkToAnExecutableIsATaskNamedByTheLink() throws Exception {
        Path target = script(elsewhere.resolve("real.sh"), "true");
        Files.createSymbolicLink(folder.resolve("linked.sh"), target);

        assertThat(TaskFolder.load(folder).identifiers()).containsExactly("linked");
    }

    @Test
    void twoExecutablesGivingOneIdentifierAreAnErrorNamingBothFiles() throws Exception {
        Path shell = script(folder.resolve("send.sh"), "true");
        Path python = script(folder.resolve("send.py"), "true");
        script(folder.resolve("other.sh"), "true");

        assertThatThrownBy(() -> TaskFolder.load(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining("'send'")
                .hasMessageContaining(shell.toString())
                .hasMessageContaining(python.toString());
    }

    @Test
    void aMissingFolderIsAnErrorNamingIt() {
        Path missing = folder.resolve("no-such-folder");

        assertThatThrownBy(() -> TaskFolder.load(missing))
                .isInstanceOf(TaskFolderException.class)
                .hasMessage("The task folder " + missing + " does not exist");
    }

    @Test
    void watchingAMissingFolderIsTheSameError() {
        Path missing = folder.resolve("no-such-folder");

        assertThatThrownBy(() -> TaskFolder.watch(missing))
                .isInstanceOf(TaskFolderException.class)
                .hasMessage("The task folder " + missing + " does not exist");
    }

    @Test
    void aFileGivenAsTheFolderIsAnError() throws Exception {
        Path file = script(folder.resolve("tasks.sh"), "true");

        assertThatThrownBy(() -> TaskFolder.load(file))
                .isInstanceOf(TaskFolderException.class)
                .hasMessage("The task folder " + file + " is not a folder");
    }

    @Test
    void aFolderWithoutTasksIsAnErrorNamingIt() throws Exception {
        plainFile(folder.resolve("README.md"), "# tasks");

        assertThatThrownBy(() -> TaskFolder.load(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining(folder.toString())
                .hasMessageContaining("has no tasks");
        assertThatThrownBy(() -> TaskFolder.watch(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining("has no tasks");
    }

    private static java.util.List<String> warnings(LogCapture log) {
        return log.events().stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
