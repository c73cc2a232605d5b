package org.edgeway.demo.internal.transit;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Protocol;
import org.edgeway.demo.internal.transit.Scenario.Stop;
import org.edgeway.demo.internal.transit.Scenario.Trip;
import org.edgeway.demo.internal.transit.SensorDoors.DoorSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The vehicle's IBIS-IP (VDV 301) services over HTTP/XML: the PassengerCountingService of the scenario's
 * {@code ibisip} doors (GetAllData; SubscribeAllData/UnsubscribeAllData with pushes of AllData to each subscriber
 * whenever a door's state or counts change) and the CustomerInformationService's GetAllData with the current trip.
 * Operations answer POST and, for convenience, GET; other paths get 404.
 *
 * <p>Pushes run on their own thread, in the order of the changes, each carrying the state at the time of its change;
 * a subscriber that fails {@value #MAX_PUSH_FAILURES} times in a row is dropped.
 */
public final class IbisIpServer implements Closeable {

    static final String PCS = "/PassengerCountingService/";
    static final String CIS = "/CustomerInformationService/";
    static final int MAX_PUSH_FAILURES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(IbisIpServer.class);
    private static final String XML = "text/xml; charset=utf-8";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int PUSH_QUEUE = 1000;
    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int READ_TIMEOUT_MS = 3000;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Scenario scenario;
    private final Clock clock;
    private final SensorDoors doors;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ThreadPoolExecutor pusher;
    /** Subscribers by push URL; only the push thread changes their failure counts. */
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private volatile Progress progress;
    private volatile boolean vehicleDoorsOpen;
    /** Whether pushes are being skipped because the queue is full; logged when it starts and when it ends. */
    private final AtomicBoolean backlogged = new AtomicBoolean();

    private record Progress(int trip, int stopSequence, boolean atStop) {
    }

    private static final class Subscriber {
        final URI uri;
        int failures;

        Subscriber(URI uri) {
            this.uri = uri;
        }
    }

    /** A request the service refuses with 400 and the message. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * Listens at once.
     *
     * @param port 0 for a free port
     * @throws IOException naming address and port when it cannot listen
     */
    public IbisIpServer(Scenario scenario, InetAddress address, int port, Clock clock) throws IOException {
        this.scenario = scenario;
        this.clock = clock;
        this.doors = SensorDoors.of(scenario, Protocol.IBISIP);
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new IOException("demo IBIS-IP server cannot listen on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger numbers = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "edgeway-demo-ibisip-http-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.pusher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(PUSH_QUEUE), r -> {
            Thread thread = new Thread(r, "edgeway-demo-ibisip-push");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> {
            if (!executor.isShutdown() && backlogged.compareAndSet(false, true)) {
                LOG.warn("demo IBIS-IP: {} pushes queued, subscribers too slow: skipping pushes until they catch up",
                        PUSH_QUEUE);
            }
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Opens or closes one of the scenario's {@code ibisip} doors. */
    public void setDoorOpen(String door, boolean open) {
        if (doors.setOpen(door, open)) {
            schedulePush();
        }
    }

    /** Adds to the cumulative counts of one of the scenario's {@code ibisip} doors. */
    public void count(String door, ObjectClass objectClass, Count increment) {
        doors.add(door, objectClass, increment);
        schedulePush();
    }

    /** The trip context the CustomerInformationService shows. */
    public void setTripProgress(int trip, int stopSequence, boolean atStop) {
        if (trip < 0 || trip >= scenario.trips().size()) {
            throw new IllegalArgumentException("no trip " + trip);
        }
        this.progress = new Progress(trip, stopSequence, atStop);
    }

    /** Whether any door of the vehicle is open (CustomerInformationService {@code DoorState}). */
    public void setVehicleDoorsOpen(boolean open) {
        this.vehicleDoorsOpen = open;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        pusher.shutdownNow();
        try {
            pusher.awaitTermination(READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    // --- documents ---

    /** PassengerCountingService GetAllData response. */
    String passengerCountingResponse() {
        XmlWriter xml = new XmlWriter().start("PassengerCountingService.GetAllDataResponse");
        allData(xml, doors.snapshot());
        return xml.end().toString();
    }

    /** What is pushed to subscribers: the same AllData under its own root element. */
    String passengerCountingPush() {
        XmlWriter xml = new XmlWriter().start("PassengerCountingService.AllData");
        allData(xml, doors.snapshot());
        return xml.end().toString();
    }

    private void allData(XmlWriter xml, List<DoorSnapshot> snapshot) {
        xml.start("AllData").value("TimeStamp", now());
        for (DoorSnapshot door : snapshot) {
            xml.start("CountingData").value("DoorID", door.door());
            door.counts().forEach((objectClass, count) -> xml.start("Count")
                    .value("ObjectClass", objectClass.vdvName())
                    .value("In", count.boardings())
                    .value("Out", count.alightings())
                    .value("CountQuality", "Regular")
                    .end());
            xml.start("State")
                    .value("OpenState", door.open() ? "SingleDoorOpen" : "SingleDoorClosed")
                    .value("OperationState", "Counting")
                    .end();
            xml.end();
        }
        xml.end();
    }

    /** CustomerInformationService GetAllData response: the current trip, no trip before the first one starts. */
    String customerInformationResponse() {
        Progress current = progress;
        String language = scenario.language();
        XmlWriter xml = new XmlWriter().start("CustomerInformationService.GetAllDataResponse").start("AllData")
                .value("TimeStamp", now())
                .value("VehicleRef", scenario.vehicleRef())
                .value("DefaultLanguage", language);
        if (current != null) {
            Trip trip = scenario.trips().get(current.trip());
            xml.start("TripInformation").value("TripRef", trip.tripId()).start("StopSequence");
            for (int i = 0; i < trip.stopIds().size(); i++) {
                Stop stop = scenario.stop(trip.stopIds().get(i));
                xml.start("StopPoint")
                        .value("StopIndex", i + 1)
                        .value("StopRef", stop.id())
                        .text("StopName", stop.name(), language)
                        .start("DisplayContent")
                        .start("LineInformation")
                        .value("LineRef", scenario.line())
                        .value("LineName", scenario.line())
                        .value("LineNumber", scenario.line())
                        .end()
                        .start("Destination").text("DestinationName", trip.headsign(), language).end()
                        .end()
                        .end();
            }
            xml.end().value("LocationState", current.atStop() ? "AtStop" : "BetweenStop").end();
            xml.value("CurrentStopIndex", current.stopSequence());
        }
        return xml.value("RouteDeviation", "onroute")
                .value("DoorState", vehicleDoorsOpen ? "DoorsOpen" : "AllDoorsClosed")
                .value("VehicleStopRequested", false)
                .value("ExitSide", "right")
                .end().end().toString();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    // --- HTTP ---

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "text/plain; charset=utf-8", "request body larger than " + MAX_BODY_BYTES
                        + " bytes");
                return;
            }
            boolean known = switch (path) {
                case PCS + "GetAllData", PCS + "SubscribeAllData", PCS + "UnsubscribeAllData",
                        CIS + "GetAllData" -> true;
                default -> false;
            };
            if (!known) {
                respond(exchange, 404, "text/plain; charset=utf-8", "no IBIS-IP operation at " + path);
                return;
            }
            if (!method.equals("POST") && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "POST, GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "use POST (or GET)");
                return;
            }
            switch (path) {
                case PCS + "GetAllData" -> respond(exchange, 200, XML, passengerCountingResponse());
                case CIS + "GetAllData" -> respond(exchange, 200, XML, customerInformationResponse());
                case PCS + "SubscribeAllData" -> subscribe(exchange, body);
                default -> unsubscribe(exchange, body);
            }
        } catch (RuntimeException e) {
            LOG.warn("demo IBIS-IP request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
            respond(exchange, 500, "text/plain; charset=utf-8", "internal error");
        } finally {
            exchange.close();
        }
    }

    private void subscribe(HttpExchange exchange, byte[] body) throws IOException {
        URI uri;
        try {
            uri = parseSubscribeRequest(body);
        } catch (BadRequest e) {
            LOG.info("demo IBIS-IP: refused a SubscribeAllData from {}: {}", exchange.getRemoteAddress(),
                    e.getMessage());
            respond(exchange, 400, "text/plain; charset=utf-8", e.getMessage());
            return;
        }
        Subscriber subscriber = new Subscriber(uri);
        synchronized (this) {
            subscribers.put(uri.toString(), subscriber);
        }
        LOG.info("demo IBIS-IP: {} subscribed to PassengerCountingService AllData", uri);
        respond(exchange, 200, XML, new XmlWriter().start("SubscribeResponse").value("Active", true).end()
                .toString());
        // a new subscriber gets the current data at once, not only at the next change
        String data = passengerCountingPush();
        submit(() -> push(data, List.of(subscriber)));
    }

    private void unsubscribe(HttpExchange exchange, byte[] body) throws IOException {
        URI uri;
        try {
            uri = parseSubscribeRequest(body);
        } catch (BadRequest e) {
            respond(exchange, 400, "text/plain; charset=utf-8", e.getMessage());
            return;
        }
        boolean removed;
        synchronized (this) {
            removed = subscribers.remove(uri.toString()) != null;
        }
        if (removed) {
            LOG.info("demo IBIS-IP: {} unsubscribed", uri);
        }
        respond(exchange, 200, XML, new XmlWriter().start("UnsubscribeResponse").value("Active", false).end()
                .toString());
    }

    /** The push URL of a SubscribeRequest: {@code http://Client-IP-Address:ReplyPort/ReplyPath}. */
    static URI parseSubscribeRequest(byte[] body) throws BadRequest {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make a request bad
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
            document = builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new BadRequest("SubscribeRequest is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no usable XML parser", e);
        }
        String ip = value(document, "Client-IP-Address");
        InetAddress address = ipLiteral(ip);
        if (address == null) {
            throw new BadRequest("Client-IP-Address: '" + ip + "' is no IP address");
        }
        String portText = value(document, "ReplyPort");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new BadRequest("ReplyPort: '" + portText + "' is no port (1-65535)");
        }
        String path = value(document, "ReplyPath");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ') || path.length() > 1000) {
            throw new BadRequest("ReplyPath: '" + path + "' is no absolute path (starts with /, no spaces)");
        }
        try {
            return new URI("http", null, address.getHostAddress(), port, path, null, null);
        } catch (URISyntaxException e) {
            throw new BadRequest("ReplyPath: '" + path + "' is no valid path: " + e.getMessage());
        }
    }

    /** An IPv4 or IPv6 literal, never looked up in DNS (a subscriber names itself by address); null if none. */
    static InetAddress ipLiteral(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            // in brackets the JDK only parses an IPv6 literal and never resolves a name
            return text.contains(":") ? InetAddress.getByName("[" + text + "]") : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of {@code <name><Value>...</Value></name>}, found by local name anywhere in the document. */
    private static String value(Document document, String name) throws BadRequest {
        NodeList elements = document.getElementsByTagNameNS("*", name);
        if (elements.getLength() == 0) {
            throw new BadRequest(name + ": missing");
        }
        NodeList values = ((Element) elements.item(0)).getElementsByTagNameNS("*", "Value");
        String text = values.getLength() == 0 ? "" : values.item(0).getTextContent().trim();
        if (text.isEmpty()) {
            throw new BadRequest(name + ": no Value");
        }
        return text;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // --- pushes ---

    private void schedulePush() {
        synchronized (this) {
            if (subscribers.isEmpty()) {
                return;
            }
        }
        String data = passengerCountingPush();
        submit(() -> {
            List<Subscriber> targets;
            synchronized (this) {
                targets = new ArrayList<>(subscribers.values());
            }
            push(data, targets);
        });
    }

    private void submit(Runnable task) {
        if (!pusher.isShutdown()) {
            pusher.execute(task);
        }
    }

    private void push(String data, List<Subscriber> targets) {
        if (pusher.getQueue().isEmpty() && backlogged.compareAndSet(true, false)) {
            LOG.info("demo IBIS-IP: pushes keep up again");
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        for (Subscriber subscriber : targets) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            String problem = post(subscriber.uri, bytes);
            if (problem == null) {
                if (subscriber.failures > 0) {
                    LOG.info("demo IBIS-IP: pushes to {} work again", subscriber.uri);
                }
                subscriber.failures = 0;
                continue;
            }
            subscriber.failures++;
            if (subscriber.failures == 1) {
                LOG.warn("demo IBIS-IP: push to {} failed: {} (dropped after {} failures in a row)", subscriber.uri,
                        problem, MAX_PUSH_FAILURES);
            }
            if (subscriber.failures >= MAX_PUSH_FAILURES) {
                synchronized (this) {
                    subscribers.remove(subscriber.uri.toString(), subscriber);
                }
                LOG.warn("demo IBIS-IP: dropped subscriber {} after {} failed pushes (last: {})", subscriber.uri,
                        subscriber.failures, problem);
            }
        }
    }

    /** @return null when the subscriber accepted the data, else what went wrong */
    private static String post(URI uri, byte[] body) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", XML);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readNBytes(MAX_BODY_BYTES); // the DataAcceptedResponse; read so the connection can be reused
                }
            }
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.toString();
        } finally {
            if (connection != null && Thread.currentThread().isInterrupted()) {
                connection.disconnect();
            }
        }
    }
}
