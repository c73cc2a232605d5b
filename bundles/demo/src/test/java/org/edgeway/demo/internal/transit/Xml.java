package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM helpers for the tests: parse, and walk direct children by exact element name. */
final class Xml {

    private Xml() {
    }

    static Element parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getLocalName().equals(name)) {
                children.add(element);
            }
        }
        return children;
    }

    /** The only child of that name (fails otherwise). */
    static Element child(Element parent, String name) {
        List<Element> children = children(parent, name);
        assertThat(children).as("<%s> in <%s>", name, parent.getLocalName()).hasSize(1);
        return children.get(0);
    }

    /** {@code <name><Value>text</Value></name>} under the parent. */
    static String value(Element parent, String name) {
        return child(child(parent, name), "Value").getTextContent();
    }

    /** Names of the element children, in order. */
    static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                names.add(element.getLocalName());
            }
        }
        return names;
    }
}
