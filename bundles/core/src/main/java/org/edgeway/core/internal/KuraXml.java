package org.edgeway.core.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.edgeway.api.management.AttributeInfo;
import org.edgeway.api.management.AttributeOption;
import org.edgeway.api.management.ComponentInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Eclipse Kura's XML configuration format ({@code esf:configurations}, namespace {@code http://eurotech.com/esf/2.0};
 * the metatype, {@code ocd:OCD}, in {@code http://www.osgi.org/xmlns/metatype/v1.2.0}), read with the JDK's
 * parser with DTDs and external entities refused and a size limit.
 */
final class KuraXml {

    static final String ESF = "http://eurotech.com/esf/2.0";
    static final String OCD = "http://www.osgi.org/xmlns/metatype/v1.2.0";
    static final int MAX_CHARS = 1 << 20;

    /** One configuration of a document: its pid and its values (a String, or a List of String for an array). */
    record Configuration(String pid, Map<String, Object> values) {
    }

    private KuraXml() {
    }

    /** Reads {@code esf:configurations} or a single {@code esf:configuration}. */
    static List<Configuration> parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new IllegalArgumentException("empty XML body");
        }
        if (xml.length() > MAX_CHARS) {
            throw new IllegalArgumentException("XML body larger than " + MAX_CHARS + " characters");
        }
        Document document;
        try {
            document = builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new IllegalArgumentException("malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable XML: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        List<Element> configurations;
        if (ESF.equals(root.getNamespaceURI()) && "configurations".equals(root.getLocalName())) {
            configurations = children(root, ESF, "configuration");
        } else if (ESF.equals(root.getNamespaceURI()) && "configuration".equals(root.getLocalName())) {
            configurations = List.of(root);
        } else {
            throw new IllegalArgumentException("expected esf:configurations or esf:configuration in namespace " + ESF
                    + ", got " + root.getNodeName());
        }
        List<Configuration> result = new ArrayList<>();
        for (Element configuration : configurations) {
            String pid = configuration.getAttribute("pid");
            if (pid.isBlank()) {
                throw new IllegalArgumentException("esf:configuration without pid");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Element properties : children(configuration, ESF, "properties")) {
                for (Element property : children(properties, ESF, "property")) {
                    String name = property.getAttribute("name");
                    if (name.isBlank()) {
                        throw new IllegalArgumentException(pid + ": esf:property without name");
                    }
                    boolean array = "true".equalsIgnoreCase(property.getAttribute("array"));
                    boolean encrypted = "true".equalsIgnoreCase(property.getAttribute("encrypted"));
                    List<String> texts = new ArrayList<>();
                    for (Element value : children(property, ESF, "value")) {
                        String text = value.getTextContent();
                        // Kura encrypts with its own key: such a value reaches the validator as one we cannot decrypt
                        texts.add(encrypted && !SecretBox.isEncrypted(text) && !text.isEmpty() ? SecretBox.PREFIX + text : text);
                    }
                    if (array) {
                        values.put(name, texts);
                    } else if (texts.size() > 1) {
                        throw new IllegalArgumentException(pid + ":" + name + ": several values but array=\"false\"");
                    } else {
                        values.put(name, texts.isEmpty() ? "" : texts.get(0));
                    }
                }
            }
            result.add(new Configuration(pid, values));
        }
        return result;
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /**
     * Writes configurations as {@code esf:configurations}; with a definition for a pid (by pid or factory pid) its
     * {@code ocd:OCD} is included, as Kura does for {@code GET configurations}. A value starting with {@code {enc}}
     * is written as {@code type="Password" encrypted="true"}.
     */
    static String write(List<Snapshot.Entry> entries, Map<String, ComponentInfo> definitions) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter out = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            out.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            out.setPrefix("esf", ESF);
            out.setPrefix("ocd", OCD);
            out.writeStartElement(ESF, "configurations");
            out.writeNamespace("esf", ESF);
            out.writeNamespace("ocd", OCD);
            for (Snapshot.Entry entry : entries) {
                out.writeStartElement(ESF, "configuration");
                out.writeAttribute("pid", entry.pid());
                ComponentInfo definition = definitions.get(entry.factoryPid() != null ? entry.factoryPid() : entry.pid());
                if (definition != null) {
                    writeOcd(out, definition);
                }
                out.writeStartElement(ESF, "properties");
                Map<String, Object> properties = new LinkedHashMap<>(entry.properties());
                properties.put("service.pid", entry.pid());
                if (entry.factoryPid() != null) {
                    properties.put("service.factoryPid", entry.factoryPid());
                }
                for (Map.Entry<String, Object> property : properties.entrySet()) {
                    writeProperty(out, property.getKey(), property.getValue());
                }
                out.writeEndElement();
                out.writeEndElement();
            }
            out.writeEndElement();
            out.writeEndDocument();
            out.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void writeProperty(XMLStreamWriter out, String name, Object value) throws XMLStreamException {
        List<String> texts = new ArrayList<>();
        boolean array;
        Class<?> type;
        if (value instanceof Collection<?> list) {
            array = true;
            list.forEach(v -> texts.add(String.valueOf(v)));
            type = list.isEmpty() ? String.class : list.iterator().next().getClass();
        } else if (value != null && value.getClass().isArray()) {
            array = true;
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                texts.add(String.valueOf(java.lang.reflect.Array.get(value, i)));
            }
            type = value.getClass().getComponentType();
        } else {
            array = false;
            texts.add(String.valueOf(value));
            type = value == null ? String.class : value.getClass();
        }
        boolean encrypted = texts.stream().anyMatch(SecretBox::isEncrypted);
        String typeName = SnapshotStore.typeName(type);
        out.writeStartElement(ESF, "property");
        out.writeAttribute("name", name);
        out.writeAttribute("array", String.valueOf(array));
        out.writeAttribute("encrypted", String.valueOf(encrypted));
        out.writeAttribute("type", encrypted ? "Password" : "Character".equals(typeName) ? "Char" : typeName);
        for (String text : texts) {
            out.writeStartElement(ESF, "value");
            out.writeCharacters(text);
            out.writeEndElement();
        }
        out.writeEndElement();
    }

    private static void writeOcd(XMLStreamWriter out, ComponentInfo definition) throws XMLStreamException {
        out.writeStartElement(OCD, "OCD");
        out.writeAttribute("id", definition.pid());
        out.writeAttribute("name", definition.name());
        out.writeAttribute("description", definition.description());
        for (AttributeInfo attribute : definition.attributes()) {
            out.writeStartElement(OCD, "AD");
            out.writeAttribute("id", attribute.id());
            out.writeAttribute("name", attribute.name());
            out.writeAttribute("type", kuraType(attribute));
            out.writeAttribute("cardinality", String.valueOf(attribute.cardinality()));
            out.writeAttribute("required", String.valueOf(attribute.required()));
            if (!attribute.defaultValue().isEmpty()) {
                out.writeAttribute("default", String.join(",", attribute.defaultValue()));
            }
            if (attribute.min() != null) {
                out.writeAttribute("min", attribute.min());
            }
            if (attribute.max() != null) {
                out.writeAttribute("max", attribute.max());
            }
            out.writeAttribute("description", attribute.description());
            for (AttributeOption option : attribute.options()) {
                out.writeEmptyElement(OCD, "Option");
                out.writeAttribute("label", option.label());
                out.writeAttribute("value", option.value());
            }
            out.writeEndElement();
        }
        out.writeEndElement();
    }

    private static String kuraType(AttributeInfo attribute) {
        return switch (attribute.type()) {
            case CHARACTER -> "Char";
            default -> attribute.type().name().charAt(0) + attribute.type().name().substring(1).toLowerCase(java.util.Locale.ROOT);
        };
    }
}
