package dev.graphileworker.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.release.Poms.Pom;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The BOM is what users import: it must manage this project's published jars, all of them, and
 * nothing else (a third-party pin would override the user's own), and it must itself be publishable.
 */
class BomTest {

    private final Path root = Poms.root();
    private final Pom parent = Poms.root(root);
    private final Pom bom = Poms.modules(root).stream()
            .filter(p -> p.artifactId().equals("graphile-worker-bom"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("The root pom lists no module graphile-worker-bom"));

    @Test
    void managesExactlyThePublishedJarModules() {
        List<Element> managed = bom.elements("dependencyManagement", "dependencies", "dependency");
        Set<String> coordinates = managed.stream()
                .map(d -> Poms.textOf(d, "groupId").orElse("?") + ":" + Poms.textOf(d, "artifactId").orElse("?"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> published = Poms.publishedJars(root).stream()
                .map(p -> p.groupId() + ":" + p.artifactId())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(coordinates)
                .as("the BOM's dependencyManagement (bom/pom.xml) against the published jar modules"
                        + " (every module of the root pom without maven.deploy.skip)")
                .isEqualTo(published);
        assertThat(managed).allSatisfy(d -> {
            assertThat(Poms.textOf(d, "groupId")).contains(Poms.GROUP_ID);
            assertThat(Poms.textOf(d, "version")).contains("${project.version}");
            assertThat(Poms.textOf(d, "scope")).as("scope of %s", Poms.textOf(d, "artifactId")).isEmpty();
            assertThat(Poms.textOf(d, "type")).as("type of %s", Poms.textOf(d, "artifactId")).isEmpty();
        });
    }

    @Test
    void hasNoParentAndTheRootPomsCoordinates() {
        assertThat(bom.parent()).as("a parent of the BOM would bring its dependencyManagement along").isEmpty();
        assertThat(bom.text("groupId")).contains(parent.groupId());
        assertThat(bom.text("version")).as("the BOM's version, kept equal to the root pom's")
                .contains(parent.version());
        assertThat(bom.packaging()).isEqualTo("pom");
        assertThat(bom.text("build", "plugins")).as("the BOM runs no plugin outside the profile release").isEmpty();
    }

    @Test
    void hasTheMetadataMavenCentralRequiresAsTheRootPomHasIt() {
        assertThat(bom.text("name")).isPresent();
        assertThat(bom.text("description")).isPresent();
        for (String[] path : List.of(
                new String[] {"url"},
                new String[] {"licenses", "license", "name"},
                new String[] {"licenses", "license", "url"},
                new String[] {"developers", "developer", "name"},
                new String[] {"scm", "url"},
                new String[] {"scm", "connection"},
                new String[] {"scm", "developerConnection"})) {
            assertThat(parent.text(path)).as("the root pom's %s", String.join("/", path)).isPresent();
            assertThat(bom.text(path)).as("the BOM's %s", String.join("/", path)).isEqualTo(parent.text(path));
        }
    }

    @Test
    void publishedModulesNameAndDescribeThemselves() {
        assertThat(Poms.published(root)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.text("name")).as("name of %s", p).isPresent();
            // The root pom's description would be inherited; each artifact says what it holds.
            assertThat(p.text("description")).as("description of %s", p).isPresent();
        });
    }

    @Test
    void pinsItsPluginsAsTheRootPomDoes() {
        Map<String, String> rootProperties = parent.properties();
        Map<String, String> bomVersions = bom.properties().entrySet().stream()
                .filter(e -> e.getKey().endsWith("-plugin.version"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(bomVersions).isNotEmpty();
        bomVersions.forEach((name, version) ->
                assertThat(rootProperties.get(name)).as("the root pom's %s", name).isEqualTo(version));
        assertThat(bom.properties().get("central.bundle.directory"))
                .isEqualTo(rootProperties.get("central.bundle.directory"));
        assertThat(bom.properties().get("central.bundle.zip")).isEqualTo(rootProperties.get("central.bundle.zip"));
    }
}
