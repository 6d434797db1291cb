package dev.graphileworker.cli.internal.tasks;

import dev.graphileworker.api.TaskHandler;
import dev.graphileworker.api.TaskList;
import dev.graphileworker.api.spi.TaskProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the tasks a jar offers through {@link TaskProvider}, each jar in a class loader of its own
 * whose parent is the command's, so handlers share {@code worker-api}, Jackson and SLF4J with the
 * worker.
 *
 * <p>Class loaders are never closed here: a job that started with a handler from a jar may still be
 * running (and loading classes lazily) after the jar changed, and the worker does not say when such
 * jobs end. What stays open is one file and the loaded classes per version of a jar, which for a task
 * folder edited by hand is small; the process's exit releases it.
 */
final class JarTaskLoader {

    private static final Logger LOG = LoggerFactory.getLogger(JarTaskLoader.class);
    private static final String SERVICES_FILE = "META-INF/services/" + TaskProvider.class.getName();

    private final ClassLoader parent;
    private int copies;
    private Path copyFolder;

    /** @param parent the loader of the command's own classes, which holds {@code worker-api} */
    JarTaskLoader(ClassLoader parent) {
        this.parent = parent;
    }

    /**
     * @param jar a jar of the task folder
     * @return its tasks; none (with a warning) when it registers no provider
     * @throws TaskFolderException when it cannot be read, a provider fails, or two providers name one task
     */
    synchronized LoadedJar load(Path jar) {
        FileVersion version = FileVersion.of(jar);
        URLClassLoader loader = new URLClassLoader("tasks:" + jar.getFileName(), new URL[] {privateCopyOf(jar)},
                parent);
        try {
            Map<String, TaskHandler> tasks = tasksOf(jar, providersIn(jar, loader));
            return new LoadedJar(jar, version, tasks);
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(loader);
            throw e instanceof TaskFolderException folderProblem ? folderProblem
                    : new TaskFolderException("The jar " + jar + " could not be loaded: " + e, e);
        }
    }

    private List<TaskProvider> providersIn(Path jar, URLClassLoader loader) {
        try {
            // The service loader also sees providers of the parent loaders; only this jar's count.
            return ServiceLoader.load(TaskProvider.class, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() == loader)
                    .map(ServiceLoader.Provider::get)
                    .toList();
        } catch (ServiceConfigurationError e) {
            throw new TaskFolderException("The jar " + jar + " has a TaskProvider that cannot be created: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, TaskHandler> tasksOf(Path jar, List<TaskProvider> providers) {
        if (providers.isEmpty()) {
            LOG.warn("The jar {} offers no tasks: it names no TaskProvider in {}", jar, SERVICES_FILE);
            return Map.of();
        }
        Map<String, TaskHandler> tasks = new LinkedHashMap<>();
        Map<String, String> namedBy = new LinkedHashMap<>();
        for (TaskProvider provider : providers) {
            String providerName = provider.getClass().getName();
            TaskList list;
            try {
                list = provider.tasks();
            } catch (RuntimeException e) {
                throw new TaskFolderException("The jar " + jar + ": " + providerName + ".tasks() failed: " + e, e);
            }
            if (list == null) {
                throw new TaskFolderException("The jar " + jar + ": " + providerName + ".tasks() returned null");
            }
            for (String identifier : list.identifiers()) {
                String earlier = namedBy.putIfAbsent(identifier, providerName);
                if (earlier != null) {
                    throw new TaskFolderException("The jar " + jar + " offers task '" + identifier + "' twice, from "
                            + earlier + " and " + providerName);
                }
                tasks.put(identifier, list.handler(identifier).orElseThrow());
            }
        }
        if (tasks.isEmpty()) {
            LOG.warn("The jar {} offers no tasks: its TaskProviders {} return empty lists", jar, namedBy.values());
        }
        return tasks;
    }

    /**
     * Loads from a copy, so that a jar rewritten in place (as build tools do) cannot change the bytes
     * under a class loader that jobs may still be using.
     */
    private URL privateCopyOf(Path jar) {
        try {
            if (copyFolder == null) {
                copyFolder = Files.createTempDirectory("graphile-worker-task-jars-");
                copyFolder.toFile().deleteOnExit();
            }
            Path copy = copyFolder.resolve(++copies + "-" + jar.getFileName());
            Files.copy(jar, copy);
            copy.toFile().deleteOnExit();
            requireReadableJar(jar, copy);
            return copy.toUri().toURL();
        } catch (IOException e) {
            throw new TaskFolderException("The jar " + jar + " could not be read: " + e, e);
        }
    }

    /** A class loader would quietly find nothing in a broken jar (or one still being written). */
    private static void requireReadableJar(Path jar, Path copy) {
        try (JarFile readable = new JarFile(copy.toFile())) {
            readable.size();
        } catch (IOException e) {
            throw new TaskFolderException("The jar " + jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("Could not close the class loader of a jar that failed to load", e);
        }
    }
}
