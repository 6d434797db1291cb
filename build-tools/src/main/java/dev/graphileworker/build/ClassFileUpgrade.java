package dev.graphileworker.build;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites, in the jars of a folder, every class file older than Java 6 as a Java 8 class file with
 * its stack map frames computed; the code itself is unchanged.
 *
 * <p>Why: the JVM's class-data sharing cannot archive classes older than Java 6, and checks them with
 * the old, slower verifier on every start. picocli is compiled for Java 5, so the command's start-up
 * loaded and verified its 170 classes from the jar each time (about 100 ms of CPU of a run of
 * {@code graphile-worker --once} on an empty queue). Rewritten, they are verified once, when the
 * archive is recorded, and mapped from it afterwards.
 *
 * <p>It runs on the command's copies of its libraries (worker-cli-adapter's {@code target/lib}, the
 * distribution's {@code lib/}), never on an artifact that is published: whoever takes picocli from
 * Maven Central, or the command's module as a dependency, gets picocli as published. A rewritten jar
 * no longer matches picocli's published checksum, so it says what was done to it in its manifest
 * ({@value #REWRITTEN_ATTRIBUTE}), for whoever wonders why; its file name and its own manifest
 * entries (implementation and bundle name and version) are kept, which is what scanners identify it by.
 * CONTRIBUTING.md has the measurement that keeps this step.
 *
 * <p>A jar without such class files is left untouched, so running this again does nothing; so is a
 * signed jar, whose signature the rewrite would break.
 * Usage: {@code ClassFileUpgrade FOLDER}.
 */
public final class ClassFileUpgrade {

    /** Java 6: the first class-file version with stack map frames, and the oldest that CDS archives. */
    private static final int OLDEST_KEPT_MAJOR_VERSION = 50;
    private static final int TARGET_VERSION = Opcodes.V1_8;
    /** The manifest attribute of a rewritten jar. */
    static final String REWRITTEN_ATTRIBUTE = "X-Graphile-Worker-Rewritten";
    private static final String REWRITTEN_NOTE = "class files older than Java 6 rewritten as Java 8 ones "
            + "(stack map frames computed, code unchanged) by graphile-worker's build, for class-data sharing";

    private ClassFileUpgrade() {
    }

    /**
     * @param args the folder of jars
     * @throws IOException when a jar cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ClassFileUpgrade FOLDER");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        // Computing frames needs the common superclass of two types, which may live in another jar.
        try (URLClassLoader types = new URLClassLoader(urls(jars), ClassLoader.getPlatformClassLoader())) {
            for (Path jar : jars) {
                upgrade(jar, types);
            }
        }
    }

    /** @return how many class files of {@code jar} were rewritten (none: the jar is left as it was) */
    static int upgrade(Path jar, ClassLoader types) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            if (entries.stream().noneMatch(entry -> isOld(zip, entry))) {
                return 0;
            }
            if (entries.stream().anyMatch(entry -> entry.getName().matches("META-INF/[^/]+\\.SF"))) {
                System.err.println("ClassFileUpgrade: " + jar.getFileName() + " is signed; left as it is");
                return 0;
            }
        }
        // Beside the jar, so that the move below replaces it in one step; created with the usual
        // permissions, as the jar it replaces was.
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (isOld(zip, entry)) {
                    bytes = upgrade(bytes, types);
                    count++;
                } else if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    bytes = noted(bytes);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }

    /** @return the manifest with {@link #REWRITTEN_ATTRIBUTE} added */
    private static byte[] noted(byte[] manifestBytes) throws IOException {
        Manifest manifest = new Manifest(new ByteArrayInputStream(manifestBytes));
        manifest.getMainAttributes().putValue(REWRITTEN_ATTRIBUTE, REWRITTEN_NOTE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        manifest.write(out);
        return out.toByteArray();
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader types) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(TARGET_VERSION, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private static boolean isOld(ZipFile zip, ZipEntry entry) {
        if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
            return false;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] header = in.readNBytes(8);
            // Bytes 6 and 7 of a class file hold its major version.
            return header.length == 8 && ((header[6] & 0xff) << 8 | (header[7] & 0xff)) < OLDEST_KEPT_MAJOR_VERSION;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar.toString(), e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
