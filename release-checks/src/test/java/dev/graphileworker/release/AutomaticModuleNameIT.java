package dev.graphileworker.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.release.Poms.Pom;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every published jar names its module (Automatic-Module-Name, from the property
 * automatic.module.name that the root pom's jar plugin writes), so that users who put it on the
 * module path require dev.graphileworker.api rather than a name derived from the file (worker.api).
 * Runs on the packaged jars, which is why it is an integration test.
 */
class AutomaticModuleNameIT {

    private final Path root = Poms.root();

    @Test
    void everyPublishedJarModuleDeclaresADistinctNameInTheProjectsNamespace() {
        List<Pom> jars = Poms.publishedJars(root);
        assertThat(jars).isNotEmpty().allSatisfy(p -> assertThat(p.properties().get("automatic.module.name"))
                .as("automatic.module.name of %s", p)
                .startsWith(Poms.GROUP_ID + "."));
        assertThat(jars.stream().map(p -> p.properties().get("automatic.module.name"))).doesNotHaveDuplicates();
    }

    @Test
    void everyPublishedJarCarriesItsModuleName() throws IOException {
        for (Pom module : Poms.publishedJars(root)) {
            String expected = module.properties().get("automatic.module.name");
            Path jar = packagedJar(module);

            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name in %s", jar)
                        .isEqualTo(expected);
            }
            // What the JVM makes of it on the module path.
            List<ModuleDescriptor> found = ModuleFinder.of(jar).findAll().stream()
                    .map(ModuleReference::descriptor)
                    .toList();
            assertThat(found).singleElement().satisfies(d -> {
                assertThat(d.name()).isEqualTo(expected);
                assertThat(d.isAutomatic()).isTrue();
            });
        }
    }

    /** The module's jar on this test's class path, found by the pom.properties every Maven jar holds. */
    private static Path packagedJar(Pom module) throws IOException {
        String resource = "META-INF/maven/" + module.groupId() + "/" + module.artifactId() + "/pom.properties";
        URL url = AutomaticModuleNameIT.class.getClassLoader().getResource(resource);
        assertThat(url)
                .as("%s, packaged, on the class path: every published jar module must be a test dependency of"
                        + " release-checks, and this test must run after the package phase (mvn verify)", module)
                .isNotNull();
        assertThat(url.getProtocol()).as("where %s was found", resource).isEqualTo("jar");
        try {
            return Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
