package dev.graphileworker.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The repository's poms as written (not Maven's effective model): enough to tell what is published. */
final class Poms {

    static final String GROUP_ID = "dev.graphileworker";

    private Poms() {
    }

    static Path root() {
        return Path.of(System.getProperty("graphileWorker.root", "..")).toAbsolutePath().normalize();
    }

    static Pom root(Path root) {
        return Pom.read(root.resolve("pom.xml"));
    }

    /** Every module the root pom lists, in its modules and in its profiles' modules. */
    static List<Pom> modules(Path root) {
        Pom parent = root(root);
        List<Pom> modules = new ArrayList<>();
        List<String> paths = new ArrayList<>(parent.texts("modules", "module"));
        for (Element profile : children(child(parent.element, "profiles").orElse(null), "profile")) {
            child(profile, "modules").ifPresent(m -> children(m, "module").forEach(e -> paths.add(Poms.text(e))));
        }
        for (String path : paths) {
            modules.add(Pom.read(root.resolve(path).resolve("pom.xml")));
        }
        return modules;
    }

    /** Modules that go to Maven Central: those whose pom does not set maven.deploy.skip. */
    static List<Pom> published(Path root) {
        return modules(root).stream().filter(Pom::published).toList();
    }

    /** Published modules that ship a jar: what the BOM manages and what needs a module name. */
    static List<Pom> publishedJars(Path root) {
        return published(root).stream().filter(p -> !p.packaging().equals("pom")).toList();
    }

    record Pom(Path file, Element element) {

        static Pom read(Path file) {
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("No pom at " + file);
                }
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                return new Pom(file, factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
            } catch (IOException | ParserConfigurationException | SAXException e) {
                throw new IllegalStateException("Cannot read " + file, e);
            }
        }

        String artifactId() {
            return text("artifactId").orElseThrow();
        }

        /** Its own groupId, else its parent's. */
        String groupId() {
            return text("groupId").or(() -> parent().flatMap(p -> textOf(p, "groupId"))).orElseThrow();
        }

        /** Its own version, else its parent's. */
        String version() {
            return text("version").or(() -> parent().flatMap(p -> textOf(p, "version"))).orElseThrow();
        }

        String packaging() {
            return text("packaging").orElse("jar");
        }

        Optional<Element> parent() {
            return child(element, "parent");
        }

        boolean published() {
            return !"true".equals(properties().get("maven.deploy.skip"));
        }

        Map<String, String> properties() {
            Map<String, String> properties = new LinkedHashMap<>();
            child(element, "properties")
                    .ifPresent(p -> children(p).forEach(e -> properties.put(e.getTagName(), Poms.text(e))));
            return properties;
        }

        /** The text of the child element at this path, when there is one. */
        Optional<String> text(String... path) {
            return at(element, path).map(Poms::text);
        }

        /** The texts of every element at this path, whose last step may repeat. */
        List<String> texts(String... path) {
            Optional<Element> container = at(element, Arrays.copyOf(path, path.length - 1));
            return children(container.orElse(null), path[path.length - 1]).stream().map(Poms::text).toList();
        }

        List<Element> elements(String... path) {
            Optional<Element> container = at(element, Arrays.copyOf(path, path.length - 1));
            return children(container.orElse(null), path[path.length - 1]);
        }

        @Override
        public String toString() {
            return artifactId() + " (" + file + ")";
        }
    }

    static Optional<String> textOf(Element element, String child) {
        return child(element, child).map(Poms::text);
    }

    private static Optional<Element> at(Element from, String... path) {
        Optional<Element> current = Optional.of(from);
        for (String step : path) {
            current = current.flatMap(e -> child(e, step));
        }
        return current;
    }

    private static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).toList();
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        if (parent == null) {
            return children;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }
}
