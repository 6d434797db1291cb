package dev.graphileworker.cli.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.api.spi.TaskProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds task jars at test time: compiles Java sources against the test's class path (which holds
 * worker-api and Jackson) and packs the classes with a {@code META-INF/services} entry.
 */
public final class TaskJars {

    private TaskJars() {
    }

    /**
     * @param jar where to write the jar
     * @param sources Java sources by fully qualified class name
     * @param providers the classes to name as {@link TaskProvider}s; none gives a jar without the entry
     * @return {@code jar}
     */
    public static Path build(Path jar, Map<String, String> sources, List<String> providers) throws IOException {
        Path work = Files.createTempDirectory("task-jar-");
        Path sourceRoot = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> options = List.of("-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), "--release", "17");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null, options, null,
                compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjectsFromStrings(files))
                .call();
        assertThat(compiled).as("compiling the task jar's sources: %s", errors).isTrue();

        // Written aside, then moved in whole, as a build tool's rename would: a watcher must not see half a jar.
        Path partial = work.resolve(jar.getFileName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial));
                Stream<Path> classFiles = Files.walk(classes)) {
            for (Path file : classFiles.filter(Files::isRegularFile).sorted().toList()) {
                put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            if (!providers.isEmpty()) {
                put(out, "META-INF/services/" + TaskProvider.class.getName(),
                        (String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.createDirectories(jar.getParent());
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
        deleteTree(work);
        return jar;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    /**
     * A provider of one task that writes {@code text} to the file named by the payload's {@code file}.
     *
     * @return the source, by class name
     */
    public static Map<String, String> writerProvider(String className, String identifier, String text) {
        int dot = className.lastIndexOf('.');
        String source = """
                package %s;

                import dev.graphileworker.api.TaskList;
                import dev.graphileworker.api.spi.TaskProvider;
                import java.nio.file.Files;
                import java.nio.file.Path;

                public final class %s implements TaskProvider {
                    @Override
                    public TaskList tasks() {
                        return TaskList.builder()
                                .task("%s", (payload, helpers) -> Files.writeString(
                                        Path.of(payload.path("file").asText()),
                                        "%s " + payload.path("name").asText()))
                                .build();
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), identifier, text);
        return Map.of(className, source);
    }
}
