package dev.graphileworker.cli.internal.tasks;

import static dev.graphileworker.cli.internal.tasks.TaskFiles.script;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch}: the task list follows the folder's files without a restart. */
class TaskFolderWatchTest {

    @TempDir
    Path folder;

    @Test
    void addedFilesBecomeTasksEvenInNewSubFolders() throws Exception {
        script(folder.resolve("hello.sh"), "true");
        try (WatchedTaskFolder watched = TaskFolder.watch(folder)) {
            TaskList tasks = watched.taskList();
            assertThat(tasks.identifiers()).containsExactly("hello");

            script(folder.resolve("goodbye.sh"), "true");
            Poll.until("goodbye is a task", () -> tasks.identifiers().contains("goodbye"));

            script(folder.resolve("users/admin/promote.sh"), "true");
            Poll.until("users/admin/promote is a task", () -> tasks.identifiers().contains("users/admin/promote"));
            assertThat(tasks.identifiers()).containsExactlyInAnyOrder("hello", "goodbye", "users/admin/promote");
        }
    }

    @Test
    void removedFilesStopBeingTasks() throws Exception {
        script(folder.resolve("hello.sh"), "true");
        Path goodbye = script(folder.resolve("goodbye.sh"), "true");
        try (WatchedTaskFolder watched = TaskFolder.watch(folder)) {
            TaskList tasks = watched.taskList();

            Files.delete(goodbye);

            Poll.until("goodbye is no task", () -> !tasks.identifiers().contains("goodbye"));
            assertThat(tasks.identifiers()).containsExactly("hello");
        }
    }

    @Test
    void changedScriptIsReloadedAndReportedAsChanged() throws Exception {
        Path hello = script(folder.resolve("hello.sh"), "true");
        try (WatchedTaskFolder watched = TaskFolder.watch(folder);
                LogCapture log = LogCapture.of(TaskFolderWatcher.class)) {
            TaskList tasks = watched.taskList();
            TaskHandler before = tasks.handler("hello").orElseThrow();

            script(hello, "echo 'a longer script than before'");

            Poll.until("hello is reported as changed", () -> log.messages().stream()
                    .anyMatch(message -> message.contains("added [], removed [], changed [hello]")));
            assertThat(tasks.handler("hello").orElseThrow()).isNotSameAs(before);
        }
    }

    @Test
    void changedJarServesNewJobsWhileHandlersAlreadyTakenKeepTheOldCode() throws Exception {
        Path jar = folder.resolve("greeter.jar");
        TaskJars.build(jar, TaskJars.writerProvider("com.example.Greeter", "greet", "Hello"),
                List.of("com.example.Greeter"));
        try (WatchedTaskFolder watched = TaskFolder.watch(folder)) {
            TaskList tasks = watched.taskList();
            TaskList running = TaskList.builder().task("greet", tasks.handler("greet").orElseThrow()).build();

            TaskJars.build(jar, TaskJars.writerProvider("com.example.Greeter", "greet", "Howdy greeting"),
                    List.of("com.example.Greeter"));

            Poll.until("the new jar is loaded",
                    () -> tasks.handler("greet").orElseThrow() != running.handler("greet").orElseThrow());
            assertThat(JarTaskTest.run(tasks, "greet", "Bobby")).isEqualTo("Howdy greeting Bobby");
            assertThat(JarTaskTest.run(running, "greet", "Bobby")).isEqualTo("Hello Bobby");
        }
    }

    @Test
    void editThatBreaksTheFolderKeepsThePreviousTasksAndLogsTheError(@TempDir Path elsewhere) throws Exception {
        Path shell = script(folder.resolve("send.sh"), "true");
        try (WatchedTaskFolder watched = TaskFolder.watch(folder);
                LogCapture log = LogCapture.of(TaskFolderWatcher.class)) {
            TaskList tasks = watched.taskList();
            TaskHandler before = tasks.handler("send").orElseThrow();

            // Moved in whole: a reload between writing the file and making it executable would skip it,
            // load the folder without a clash and so replace the handler this test holds.
            Path python = Files.move(script(elsewhere.resolve("send.py"), "true"), folder.resolve("send.py"),
                    StandardCopyOption.ATOMIC_MOVE);

            Poll.until("the clash is logged", () -> log.events().stream()
                    .anyMatch(event -> event.getLevel() == Level.ERROR));
            assertThat(log.messages()).anySatisfy(message -> assertThat(message)
                    .contains("keeps the previous tasks", shell.toString(), python.toString()));
            assertThat(tasks.identifiers()).containsExactly("send");
            assertThat(tasks.handler("send")).containsSame(before);

            Files.delete(python);
            script(folder.resolve("receive.sh"), "true");

            Poll.until("the folder loads again", () -> tasks.identifiers().contains("receive"));
            assertThat(tasks.identifiers()).containsExactlyInAnyOrder("send", "receive");
        }
    }
}
