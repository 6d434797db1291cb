package dev.graphileworker.cli.internal.tasks;

import static dev.graphileworker.cli.internal.tasks.TaskFiles.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.WorkerOptions;
import dev.graphileworker.api.WorkerUtils;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Jars of the task folder offering tasks through {@code TaskProvider}. */
@ExtendWith(PostgresDatabaseExtension.class)
class JarTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    @TempDir
    Path scratch;

    @Test
    void taskFromAJarRunsThroughTheWorker(TestDatabase testDatabase) throws Exception {
        TaskJars.build(folder.resolve("greeter.jar"),
                TaskJars.writerProvider("com.example.greeter.GreeterTasks", "greet", "Hello"),
                List.of("com.example.greeter.GreeterTasks"));
        WorkerDatabase database = new WorkerDatabase(testDatabase, "jar_tasks");
        WorkerOptions options = database.options(TaskFolder.load(folder)).build();
        GraphileWorker.runMigrations(options);
        Path out = scratch.resolve("greeting");
        long id;
        try (WorkerUtils utils = GraphileWorker.workerUtils(options)) {
            id = utils.addJob("greet", Map.of("file", out.toString(), "name", "Bobby")).id();
        }

        GraphileWorker.runOnce(options);

        assertThat(out).hasContent("Hello Bobby");
        assertThat(database.job(id)).isEmpty();
    }

    @Test
    void jarTasksKeepTheNamesTheirProviderGivesWhereverTheJarLies() throws Exception {
        TaskJars.build(folder.resolve("lib/greeter.jar"),
                TaskJars.writerProvider("com.example.Greeter", "greetings/send", "Hello"), List.of("com.example.Greeter"));

        assertThat(TaskFolder.load(folder).identifiers()).containsExactly("greetings/send");
    }

    @Test
    void eachJarHasAClassLoaderOfItsOwn() throws Exception {
        // The same class name in two jars: in one class loader, the second would be the first.
        TaskJars.build(folder.resolve("english.jar"),
                TaskJars.writerProvider("com.example.Greeter", "hello", "Hello"), List.of("com.example.Greeter"));
        TaskJars.build(folder.resolve("french.jar"),
                TaskJars.writerProvider("com.example.Greeter", "bonjour", "Bonjour"), List.of("com.example.Greeter"));

        TaskList tasks = TaskFolder.load(folder);

        assertThat(run(tasks, "hello", "Bobby")).isEqualTo("Hello Bobby");
        assertThat(run(tasks, "bonjour", "Bobby")).isEqualTo("Bonjour Bobby");
    }

    @Test
    void jarWithoutAProviderOffersNothingAndSaysSo() throws Exception {
        Path jar = TaskJars.build(folder.resolve("helpers.jar"),
                TaskJars.writerProvider("com.example.Greeter", "hello", "Hello"), List.of());
        script(folder.resolve("ok.sh"), "true");

        try (LogCapture log = LogCapture.of(JarTaskLoader.class)) {
            assertThat(TaskFolder.load(folder).identifiers()).containsExactly("ok");
            assertThat(log.messages()).singleElement().asString()
                    .contains(jar.toString(), "no tasks", "META-INF/services/dev.graphileworker.api.spi.TaskProvider");
        }
    }

    @Test
    void jarOfferingATaskAScriptAlsoGivesIsAnErrorNamingBothFiles() throws Exception {
        Path jar = TaskJars.build(folder.resolve("greeter.jar"),
                TaskJars.writerProvider("com.example.Greeter", "hello", "Hello"), List.of("com.example.Greeter"));
        Path shell = script(folder.resolve("hello.sh"), "true");

        assertThatThrownBy(() -> TaskFolder.load(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining("'hello'")
                .hasMessageContaining(jar.toString())
                .hasMessageContaining(shell.toString());
    }

    @Test
    void jarThatIsNotAJarIsAnErrorNamingIt() throws Exception {
        Path jar = Files.writeString(folder.resolve("broken.jar"), "not a zip file");

        assertThatThrownBy(() -> TaskFolder.load(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("not a readable jar");
    }

    @Test
    void providerThatFailsIsAnErrorNamingTheJarAndTheProvider() throws Exception {
        Path jar = TaskJars.build(folder.resolve("failing.jar"), Map.of("com.example.Failing", """
                package com.example;

                public final class Failing implements dev.graphileworker.api.spi.TaskProvider {
                    @Override
                    public dev.graphileworker.api.TaskList tasks() {
                        throw new IllegalStateException("no configuration found");
                    }
                }
                """), List.of("com.example.Failing"));

        assertThatThrownBy(() -> TaskFolder.load(folder))
                .isInstanceOf(TaskFolderException.class)
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("com.example.Failing")
                .hasMessageContaining("no configuration found");
    }

    /** Runs a handler made by {@link TaskJars#writerProvider}, which needs no helpers. */
    static String run(TaskList tasks, String identifier, String name) throws Exception {
        Path out = Files.createTempFile("greeting-", ".txt");
        try {
            JsonNode payload = JSON.valueToTree(Map.of("file", out.toString(), "name", name));
            tasks.handler(identifier).orElseThrow().run(payload, null);
            return Files.readString(out);
        } finally {
            Files.delete(out);
        }
    }
}
