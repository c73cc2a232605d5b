package org.edgeway.transit.internal.ibisip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads and writes the VDV 301 (IBIS-IP) XML bodies the gateway uses, with the JDK's DOM parser. Elements are matched
 * by local name, so a namespace is tolerated. Every value is wrapped ({@code <X><Value>..</Value></X>}) and may carry
 * an {@code <ErrorCode>} instead. DOCTYPE declarations are refused (no external or internal entities: XXE and
 * entity expansion), and bodies over 1 MiB are refused before parsing.
 */
public final class IbisIpXml {

    /** The largest body read or parsed. */
    public static final int MAX_BODY = 1 << 20;

    /** The answer to a pushed AllData. */
    public static final String DATA_ACCEPTED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DataAcceptedResponse>"
            + "<DataAcceptedResponseData><DataAccepted><Value>true</Value></DataAccepted></DataAcceptedResponseData>"
            + "</DataAcceptedResponse>\n";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_DATE_TIME;

    private IbisIpXml() {
    }

    /**
     * Reads a PassengerCountingService AllData, from a GetAllData response or a pushed AllData (found by local name
     * wherever it is).
     *
     * @param body the XML
     * @return the data
     * @throws IbisIpException for garbled XML, a DOCTYPE, an oversize body, a missing mandatory element (AllData,
     *                         TimeStamp, DoorID, ObjectClass, In, Out) or a bad value, naming the element
     */
    public static PcsAllData parseAllData(byte[] body) throws IbisIpException {
        Element allData = allData(parse(body));
        Instant time = timestamp(mandatory(allData, "TimeStamp", "AllData/TimeStamp"), "AllData/TimeStamp");
        List<PcsAllData.CountingData> doors = new ArrayList<>();
        int n = 0;
        for (Element data : children(allData, "CountingData")) {
            n++;
            String where = "CountingData[" + n + "]";
            String doorId = mandatory(data, "DoorID", where + "/DoorID");
            if (doorId.isEmpty()) {
                throw new IbisIpException(where + "/DoorID: must not be empty");
            }
            where = "CountingData[" + n + "] (door " + doorId + ")";
            List<ClassCount> counts = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            int c = 0;
            for (Element count : children(data, "Count")) {
                c++;
                String at = where + "/Count[" + c + "]";
                Wrapped objectClass = wrapped(count, "ObjectClass", at + "/ObjectClass", true);
                Wrapped in = wrapped(count, "In", at + "/In", true);
                Wrapped out = wrapped(count, "Out", at + "/Out", true);
                if (objectClass.value() == null || in.value() == null || out.value() == null) {
                    // the counter is unknown right now, which is not zero: leave it out, the next value is cumulative
                    String what = objectClass.value() == null ? "ObjectClass: ErrorCode " + objectClass.errorCode()
                            : in.value() == null ? objectClass.value() + " In: ErrorCode " + in.errorCode()
                            : objectClass.value() + " Out: ErrorCode " + out.errorCode();
                    skipped.add("Count[" + c + "] " + what);
                    continue;
                }
                ObjectClass cls;
                try {
                    cls = ObjectClass.parse(objectClass.value());
                } catch (IllegalArgumentException e) {
                    throw new IbisIpException(at + "/ObjectClass: " + e.getMessage());
                }
                Wrapped quality = wrapped(count, "CountQuality", at + "/CountQuality", false);
                CountQuality q = CountQuality.REGULAR;
                if (quality != null && quality.value() != null) {
                    try {
                        q = CountQuality.parse(quality.value());
                    } catch (IllegalArgumentException e) {
                        throw new IbisIpException(at + "/CountQuality: " + e.getMessage());
                    }
                }
                counts.add(new ClassCount(cls, counter(in.value(), at + "/In"), counter(out.value(), at + "/Out"), q));
            }
            Optional<DoorState> state = Optional.empty();
            Element stateElement = child(data, "State");
            if (stateElement != null) {
                Wrapped open = wrapped(stateElement, "OpenState", where + "/State/OpenState", false);
                if (open != null && open.value() != null) {
                    state = Optional.of(doorState(open.value(), where + "/State/OpenState"));
                }
            }
            doors.add(new PcsAllData.CountingData(doorId, state, counts, skipped));
        }
        return new PcsAllData(time, doors);
    }

    /**
     * Reads a CustomerInformationService GetAllData response.
     *
     * @param body the XML
     * @return the trip context; without TripInformation or with an empty StopSequence it has no stops
     * @throws IbisIpException for garbled XML, a DOCTYPE, an oversize body, no AllData, a StopPoint without StopIndex
     *                         or StopRef, a repeated StopIndex or a bad number, naming the element
     */
    public static CisAllData parseCisAllData(byte[] body) throws IbisIpException {
        Element allData = allData(parse(body));
        Optional<String> tripRef = Optional.empty();
        String line = "";
        String headsign = "";
        List<CisAllData.Stop> stops = new ArrayList<>();
        Element trip = child(allData, "TripInformation");
        if (trip != null) {
            Wrapped ref = wrapped(trip, "TripRef", "TripInformation/TripRef", false);
            if (ref != null && ref.value() != null && !ref.value().isEmpty()) {
                tripRef = Optional.of(ref.value());
            }
            Element sequence = child(trip, "StopSequence");
            Element display = null;
            int n = 0;
            for (Element point : sequence == null ? List.<Element>of() : children(sequence, "StopPoint")) {
                n++;
                String where = "StopSequence/StopPoint[" + n + "]";
                int index = integer(mandatory(point, "StopIndex", where + "/StopIndex"), where + "/StopIndex");
                String stopRef = mandatory(point, "StopRef", where + "/StopRef");
                if (stopRef.isEmpty()) {
                    throw new IbisIpException(where + "/StopRef: must not be empty");
                }
                Wrapped name = wrapped(point, "StopName", where + "/StopName", false);
                stops.add(new CisAllData.Stop(index, stopRef, name == null || name.value() == null ? ""
                        : name.value()));
                if (display == null) {
                    display = child(point, "DisplayContent");
                }
            }
            stops.sort(Comparator.comparingInt(CisAllData.Stop::index));
            for (int i = 1; i < stops.size(); i++) {
                if (stops.get(i).index() == stops.get(i - 1).index()) {
                    throw new IbisIpException("StopSequence: StopIndex " + stops.get(i).index() + " appears twice");
                }
            }
            if (display != null) {
                Element info = child(display, "LineInformation");
                if (info != null) {
                    line = firstValue(info, "LineNumber", "LineName", "LineRef");
                }
                Element destination = child(display, "Destination");
                if (destination != null) {
                    headsign = firstValue(destination, "DestinationName");
                }
            }
        }
        OptionalInt current = OptionalInt.empty();
        Wrapped index = wrapped(allData, "CurrentStopIndex", "AllData/CurrentStopIndex", false);
        if (index != null && index.value() != null) {
            current = OptionalInt.of(integer(index.value(), "AllData/CurrentStopIndex"));
        }
        return new CisAllData(tripRef, line, headsign, stops, current);
    }

    /**
     * Reads a SubscribeResponse or UnsubscribeResponse.
     *
     * @return the Active value
     * @throws IbisIpException for garbled XML, no Active, an ErrorCode
     */
    public static boolean parseActive(byte[] body) throws IbisIpException {
        Document doc = parse(body);
        Element active = find(doc.getDocumentElement(), "Active");
        if (active == null) {
            throw new IbisIpException(errorCodeOr(doc, "no Active element in " + doc.getDocumentElement()
                    .getLocalName()));
        }
        Wrapped value = unwrap(active, "Active");
        if (value.value() == null) {
            throw new IbisIpException("Active: ErrorCode " + value.errorCode());
        }
        if (value.value().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.value().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IbisIpException("Active: '" + value.value() + "' is neither true nor false");
    }

    /**
     * The body of SubscribeAllData and UnsubscribeAllData.
     *
     * @param host the address the device calls back
     * @param port the port
     * @param path the path
     * @return the XML
     */
    public static byte[] subscribeRequest(String host, int port, String path) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SubscribeRequest>"
                + "<Client-IP-Address><Value>" + escape(host) + "</Value></Client-IP-Address>"
                + "<ReplyPort><Value>" + port + "</Value></ReplyPort>"
                + "<ReplyPath><Value>" + escape(path) + "</Value></ReplyPath>"
                + "</SubscribeRequest>\n").getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Parses with every DTD feature off: a device (or anything on the vehicle network) is not trusted. */
    static Document parse(byte[] body) throws IbisIpException {
        if (body == null || body.length == 0) {
            throw new IbisIpException("empty body (expected XML)");
        }
        if (body.length > MAX_BODY) {
            throw new IbisIpException("body of " + body.length + " bytes exceeds the limit of " + MAX_BODY + " bytes");
        }
        DocumentBuilder builder;
        try {
            // the JDK's own parser, not whatever a bundle's thread context class loader would find
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            // a JDK limit: a deeply nested body must fail in the parser, not overflow the stack of our tree walk
            factory.setAttribute("jdk.xml.maxElementDepth", "100");
            builder = factory.newDocumentBuilder();
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser lacks a safety feature: " + e.getMessage(), e);
        }
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
        });
        builder.setErrorHandler(new ErrorHandler() {
            // the default handler prints to stderr; errors become the exception instead
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            return builder.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new IbisIpException("garbled XML: DOCTYPE declarations are not allowed", e);
            }
            throw new IbisIpException("garbled XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": " + message, e);
        } catch (SAXException e) {
            throw new IbisIpException("garbled XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IbisIpException("unreadable XML: " + e.getMessage(), e);
        }
    }

    /** A wrapped value: the Value text, or null and the ErrorCode. */
    record Wrapped(String value, String errorCode) {
    }

    private static Element allData(Document doc) throws IbisIpException {
        Element allData = find(doc.getDocumentElement(), "AllData");
        if (allData == null) {
            throw new IbisIpException(errorCodeOr(doc, "no AllData element in " + localName(doc
                    .getDocumentElement())));
        }
        return allData;
    }

    /** A response without the data often says why: an ErrorCode or an OperationErrorMessage. */
    private static String errorCodeOr(Document doc, String otherwise) {
        Element error = find(doc.getDocumentElement(), "ErrorCode");
        Element message = find(doc.getDocumentElement(), "OperationErrorMessage");
        if (error != null || message != null) {
            return "device answered with an error: " + (error != null ? "ErrorCode " + text(error) : "")
                    + (error != null && message != null ? ", " : "")
                    + (message != null ? "OperationErrorMessage " + text(message) : "");
        }
        return otherwise;
    }

    private static String mandatory(Element parent, String name, String where) throws IbisIpException {
        Wrapped w = wrapped(parent, name, where, true);
        if (w.value() == null) {
            throw new IbisIpException(where + ": ErrorCode " + w.errorCode() + " instead of a Value");
        }
        return w.value();
    }

    /**
     * @return the child's wrapped value; null when an optional child is absent or has neither Value nor ErrorCode
     *         (an empty optional element says nothing)
     * @throws IbisIpException when a required child is absent, or has neither Value nor ErrorCode
     */
    private static Wrapped wrapped(Element parent, String name, String where, boolean required)
            throws IbisIpException {
        Element e = child(parent, name);
        if (e == null) {
            if (required) {
                throw new IbisIpException(where + ": missing");
            }
            return null;
        }
        if (!required && child(e, "Value") == null && child(e, "ErrorCode") == null) {
            return null;
        }
        return unwrap(e, where);
    }

    private static Wrapped unwrap(Element e, String where) throws IbisIpException {
        Element value = child(e, "Value");
        if (value != null) {
            return new Wrapped(text(value), null);
        }
        Element error = child(e, "ErrorCode");
        if (error != null) {
            return new Wrapped(null, text(error));
        }
        throw new IbisIpException(where + ": has neither Value nor ErrorCode");
    }

    private static String firstValue(Element parent, String... names) throws IbisIpException {
        for (String name : names) {
            Wrapped w = wrapped(parent, name, name, false);
            if (w != null && w.value() != null && !w.value().isEmpty()) {
                return w.value();
            }
        }
        return "";
    }

    private static Instant timestamp(String text, String where) throws IbisIpException {
        try {
            TemporalAccessor parsed = DATE_TIME.parseBest(text, Instant::from, LocalDateTime::from);
            if (parsed instanceof Instant instant) {
                return instant;
            }
            // xs:dateTime may come without a zone: the device's local time, taken to be the gateway's
            return ((LocalDateTime) parsed).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
            throw new IbisIpException(where + ": '" + text + "' is not a date and time (ISO 8601)");
        }
    }

    private static long counter(String text, String where) throws IbisIpException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IbisIpException(where + ": '" + text + "' is not a non-negative integer");
    }

    private static int integer(String text, String where) throws IbisIpException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IbisIpException(where + ": '" + text + "' is not a non-negative integer");
    }

    private static DoorState doorState(String text, String where) throws IbisIpException {
        return switch (text) {
            case "DoorsOpen", "SingleDoorOpen" -> DoorState.OPEN;
            case "AllDoorsClosed", "SingleDoorClosed" -> DoorState.CLOSED;
            default -> throw new IbisIpException(where + ": '" + text + "' is not one of DoorsOpen, SingleDoorOpen, "
                    + "AllDoorsClosed, SingleDoorClosed");
        };
    }

    private static String text(Element e) {
        return e.getTextContent().trim();
    }

    private static String localName(Node node) {
        String local = node.getLocalName();
        return local != null ? local : node.getNodeName();
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && localName(n).equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && localName(n).equals(name)) {
                list.add((Element) n);
            }
        }
        return list;
    }

    /** Depth first, the element itself included. */
    static Element find(Element element, String name) {
        if (localName(element).equals(name)) {
            return element;
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                Element found = find((Element) n, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
