package dev.graphileworker.interop;

import dev.graphileworker.testkit.postgres.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the runner scripts of {@code interop/scripts} with the {@code node} found on PATH, against
 * one database. The database URL reaches them through the environment, so it appears in no command
 * line and no message.
 */
final class NodeScripts {

    private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final Path node;
    private final Path interopDirectory;

    private NodeScripts(Path node, Path interopDirectory) {
        this.node = node;
        this.interopDirectory = interopDirectory;
    }

    /**
     * Finds {@code node} and the installed npm packages.
     *
     * @throws AssertionError saying what is missing and how to get it
     */
    static NodeScripts locate() {
        Path node = onPath("node").orElseThrow(() -> new AssertionError(
                "The interop tests run the npm graphile-worker with Node.js, but there is no 'node' on PATH ("
                        + System.getenv("PATH") + "). Install Node.js 20 or newer, with npm."));
        Path directory = Paths.get(System.getProperty("interop.directory", System.getProperty("user.dir")));
        for (NodeRelease release : NodeRelease.values()) {
            checkInstalled(directory, release);
        }
        return new NodeScripts(node, directory);
    }

    /** @return the operations of one graphile-worker release on one database */
    NodeGraphileWorker graphileWorker(NodeRelease release, TestDatabase database) {
        return new NodeGraphileWorker(this, release, database);
    }

    /** Starts {@code scripts/<script>} with the arguments, connected to the database. */
    NodeProcess start(TestDatabase database, String script, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(interopDirectory.resolve("scripts").resolve(script).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(interopDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("DATABASE_URL", database.connectionString());
        environment.put("GRAPHILE_WORKER_SCHEMA", "graphile_worker");
        String description = "node scripts/" + script + " " + String.join(" ", arguments);
        try {
            return new NodeProcess(description, builder.start());
        } catch (IOException e) {
            throw new AssertionError("Could not start " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the package's own {@code graphile-worker} command in {@code workingDirectory} (so that it
     * finds {@code ./tasks} there), connected to the database through {@code DATABASE_URL}.
     */
    NodeProcess startCommand(NodeRelease release, TestDatabase database, Path workingDirectory, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.add(interopDirectory.resolve("node_modules").resolve(release.packageDirectory())
                .resolve("dist").resolve("cli.js").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().put("DATABASE_URL", database.connectionString());
        String description = "graphile-worker " + release.version() + " " + String.join(" ", arguments);
        try {
            return new NodeProcess(description, builder.start());
        } catch (IOException e) {
            throw new AssertionError("Could not start " + description + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code bin/graphile-worker}, our command, built by the reactor before this module */
    Path javaCommand() {
        return interopDirectory.getParent().resolve("bin").resolve("graphile-worker");
    }

    private static void checkInstalled(Path directory, NodeRelease release) {
        Path packageJson = directory.resolve("node_modules").resolve(release.packageDirectory()).resolve("package.json");
        String found;
        try {
            Matcher version = VERSION_FIELD.matcher(Files.readString(packageJson));
            found = version.find() ? version.group(1) : "no version";
        } catch (IOException e) {
            throw new AssertionError("graphile-worker " + release.version() + " is not installed in "
                    + directory.resolve("node_modules") + ". Run `npm ci` in " + directory
                    + " (the Maven build does it in generate-test-resources).", e);
        }
        if (!found.equals(release.version())) {
            throw new AssertionError(packageJson + " is version " + found + ", not " + release.version()
                    + ": run `npm ci` in " + directory + " to install what package-lock.json pins.");
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
