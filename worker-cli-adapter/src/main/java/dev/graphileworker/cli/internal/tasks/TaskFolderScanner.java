package dev.graphileworker.cli.internal.tasks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Walks the task folder and sorts what it holds into executables, jars and skipped files, by
 * graphile-worker's naming rules: a file's name up to its first dot is the last part of its task
 * identifier, the names of the folders above it (below the task folder) the parts before, joined with
 * {@code /}. Symbolic links to files count as files; links to folders are not followed.
 */
final class TaskFolderScanner {

    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** A base name, then any number of extensions. */
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9_-]+)((?:\\.[A-Za-z0-9_-]+)*)");
    /** The longest identifier a task list accepts. */
    private static final int MAX_IDENTIFIER_LENGTH = 128;

    /**
     * @param folder the task folder
     * @return what it holds
     * @throws TaskFolderException when the folder is missing, not a folder or cannot be read
     */
    FolderScan scan(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new TaskFolderException("The task folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new TaskFolderException("The task folder " + root + " is not a folder");
        }
        Visitor visitor = new Visitor(root);
        try {
            Files.walkFileTree(root, visitor);
        } catch (IOException e) {
            throw new TaskFolderException("The task folder " + root + " cannot be read: " + e, e);
        }
        return visitor.result();
    }

    private static final class Visitor extends SimpleFileVisitor<Path> {
        private final Path root;
        private final List<ExecutableFile> executables = new ArrayList<>();
        private final List<Path> jars = new ArrayList<>();
        private final Set<SkippedFile> skipped = new HashSet<>();

        Visitor(Path root) {
            this.root = root;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root) || FOLDER_NAME.matcher(dir.getFileName().toString()).matches()) {
                return FileVisitResult.CONTINUE;
            }
            skipped.add(new SkippedFile(dir, "is a folder whose name does not match " + FOLDER_NAME
                    + ", so nothing in it is a task"));
            return FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String problem = attrs.isSymbolicLink() ? linkProblem(file) : attrs.isRegularFile() ? null
                    : "is not a regular file";
            if (problem != null) {
                skipped.add(new SkippedFile(file, problem));
                return FileVisitResult.CONTINUE;
            }
            String name = file.getFileName().toString();
            Matcher matcher = FILE_NAME.matcher(name);
            if (!matcher.matches()) {
                skipped.add(new SkippedFile(file, "has a name that is not a task identifier: its name and each "
                        + "extension must match " + FOLDER_NAME + " (letters, digits, '_' and '-')"));
                return FileVisitResult.CONTINUE;
            }
            if (name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
                jars.add(file);
                return FileVisitResult.CONTINUE;
            }
            String identifier = identifierOf(file.getParent(), matcher.group(1));
            if (identifier.length() > MAX_IDENTIFIER_LENGTH) {
                skipped.add(new SkippedFile(file, "would be task '" + identifier + "', longer than "
                        + MAX_IDENTIFIER_LENGTH + " characters"));
            } else if (isExecutable(file)) {
                executables.add(new ExecutableFile(identifier, file));
            } else {
                skipped.add(new SkippedFile(file, "is neither executable nor a .jar (chmod +x it to run it as task '"
                        + identifier + "')"));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (file.equals(root)) {
                throw exc;
            }
            skipped.add(new SkippedFile(file, "cannot be read: " + exc));
            return FileVisitResult.CONTINUE;
        }

        FolderScan result() {
            executables.sort(Comparator.comparing(ExecutableFile::path));
            jars.sort(Comparator.naturalOrder());
            return new FolderScan(executables, jars, skipped);
        }

        private String identifierOf(Path folder, String baseName) {
            List<String> parts = StreamSupport.stream(root.relativize(folder).spliterator(), false)
                    .map(Path::toString)
                    .filter(part -> !part.isEmpty())
                    .collect(Collectors.toCollection(ArrayList::new));
            parts.add(baseName);
            return String.join("/", parts);
        }
    }

    private static String linkProblem(Path link) {
        try {
            BasicFileAttributes target = Files.readAttributes(link, BasicFileAttributes.class);
            return target.isRegularFile() ? null : "is a symbolic link to a folder or device; only links to files are followed";
        } catch (NoSuchFileException e) {
            return "is a symbolic link to nothing";
        } catch (IOException e) {
            return "is a symbolic link that cannot be followed: " + e;
        }
    }

    /** Like graphile-worker, the owner's execute bit decides, where the file system has one. */
    private static boolean isExecutable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file);
        } catch (IOException e) {
            return false;
        }
    }
}
