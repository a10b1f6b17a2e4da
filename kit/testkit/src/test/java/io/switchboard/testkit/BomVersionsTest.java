package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * switchboard-bom is written out by hand (it inherits nothing, so that importing it brings nothing
 * else): its versions must be the ones this build compiles the runtime with, and its own version
 * the build's.
 */
class BomVersionsTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** groupId:artifactId to version, properties resolved, of a pom's dependencyManagement. */
    private static Map<String, String> managed(Document pom) {
        Map<String, String> properties = new HashMap<>();
        Element project = pom.getDocumentElement();
        properties.put("project.version", text(project, "version"));
        NodeList declared = project.getElementsByTagName("properties");
        if (declared.getLength() > 0) {
            for (Node node = declared.item(0).getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element property) {
                    properties.put(property.getTagName(), property.getTextContent().trim());
                }
            }
        }
        Map<String, String> versions = new HashMap<>();
        Element management = (Element) project.getElementsByTagName("dependencyManagement").item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            versions.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"), resolve(text(dependency, "version"), properties));
        }
        return versions;
    }

    private static String resolve(String value, Map<String, String> properties) {
        Matcher reference = PROPERTY.matcher(value);
        return reference.find() ? resolve(value.replace(reference.group(), properties.getOrDefault(reference.group(1), "?")), properties)
                : value;
    }

    private static String text(Element parent, String tag) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(tag)) {
                return child.getTextContent().trim();
            }
        }
        return "";
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    @Test
    void theBomManagesTheVersionsTheRuntimeIsBuiltWith() throws Exception {
        Document root = read(Path.of("../../pom.xml"));
        Document bom = read(Path.of("../bom/pom.xml"));
        Map<String, String> built = managed(root);
        Map<String, String> offered = managed(bom);
        int compared = 0;
        for (Map.Entry<String, String> entry : offered.entrySet()) {
            if (built.containsKey(entry.getKey())) {
                assertEquals(built.get(entry.getKey()), entry.getValue(), entry.getKey() + " in kit/bom/pom.xml");
                compared++;
            }
        }
        assertTrue(compared >= 10, "the BOM and the build share most of their APIs, compared " + compared);

        String version = text(root.getDocumentElement(), "version");
        assertEquals(version, text(bom.getDocumentElement(), "version"));
        assertEquals(version, offered.get("io.switchboard:components-api"));
        assertEquals(version, offered.get("io.switchboard:switchboard-component-testkit"));
    }
}
