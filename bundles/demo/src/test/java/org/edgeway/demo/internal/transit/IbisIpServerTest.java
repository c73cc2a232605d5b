package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.demo.internal.transit.Xml.child;
import static org.edgeway.demo.internal.transit.Xml.childNames;
import static org.edgeway.demo.internal.transit.Xml.children;
import static org.edgeway.demo.internal.transit.Xml.value;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.transit.ObjectClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.sun.net.httpserver.HttpServer;

class IbisIpServerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:05Z");
    private static final String REPLY_PATH = "/edgeway/apc/alldata";

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<byte[]> pushes = new LinkedBlockingQueue<>();
    private IbisIpServer server;
    private HttpServer subscriber;

    @BeforeEach
    void start() throws IOException {
        server = new IbisIpServer(TestScenarios.tiny(), InetAddress.getLoopbackAddress(), 0,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
        if (subscriber != null) {
            subscriber.stop(0);
        }
    }

    @Test
    void getAllDataReportsEveryIbisIpDoorWithCumulativeCountsAndState() throws Exception {
        server.count("1", ObjectClass.ADULT, new Count(1, 0));
        server.count("1", ObjectClass.ADULT, new Count(1, 0));
        server.count("1", ObjectClass.ADULT, new Count(0, 1));
        server.count("2", ObjectClass.WHEELCHAIR, new Count(1, 0));
        server.setDoorOpen("1", true);

        HttpResponse<byte[]> response = post("/PassengerCountingService/GetAllData", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        Element root = Xml.parse(response.body());
        assertThat(root.getLocalName()).isEqualTo("PassengerCountingService.GetAllDataResponse");
        Element allData = child(root, "AllData");
        assertThat(Instant.parse(value(allData, "TimeStamp"))).isEqualTo(NOW);
        List<Element> doors = children(allData, "CountingData");
        assertThat(doors).extracting(door -> value(door, "DoorID")).containsExactly("1", "2");

        Element door1 = doors.get(0);
        assertThat(childNames(door1)).containsExactly("DoorID", "Count", "State");
        Element adult = child(door1, "Count");
        assertThat(childNames(adult)).containsExactly("ObjectClass", "In", "Out", "CountQuality");
        assertThat(value(adult, "ObjectClass")).isEqualTo("Adult");
        assertThat(value(adult, "In")).isEqualTo("2");
        assertThat(value(adult, "Out")).isEqualTo("1");
        assertThat(value(adult, "CountQuality")).isEqualTo("Regular");
        assertThat(value(child(door1, "State"), "OpenState")).isEqualTo("SingleDoorOpen");
        assertThat(value(child(door1, "State"), "OperationState")).isEqualTo("Counting");

        // door 2 lists every class the scenario counts there, from the start
        Element door2 = doors.get(1);
        assertThat(children(door2, "Count")).extracting(count -> value(count, "ObjectClass"))
                .containsExactly("Adult", "WheelChair", "Pram");
        assertThat(children(door2, "Count")).extracting(count -> value(count, "In")).containsExactly("0", "1", "0");
        assertThat(value(child(door2, "State"), "OpenState")).isEqualTo("SingleDoorClosed");

        HttpResponse<byte[]> viaGet = http.send(HttpRequest.newBuilder(uri("/PassengerCountingService/GetAllData"))
                .GET().build(), BodyHandlers.ofByteArray());
        assertThat(viaGet.statusCode()).isEqualTo(200);
        assertThat(new String(viaGet.body(), StandardCharsets.UTF_8)).isEqualTo(new String(response.body(),
                StandardCharsets.UTF_8));
    }

    @Test
    void aSubscriberGetsAllDataAtOnceAndOnEveryChange() throws Exception {
        int port = startSubscriber(200);

        HttpResponse<byte[]> response = post("/PassengerCountingService/SubscribeAllData", subscribeRequest(port));

        assertThat(response.statusCode()).isEqualTo(200);
        Element subscribed = Xml.parse(response.body());
        assertThat(subscribed.getLocalName()).isEqualTo("SubscribeResponse");
        assertThat(value(subscribed, "Active")).isEqualTo("true");
        Element initial = nextPush();
        assertThat(value(doorData(initial, "1"), "DoorID")).isEqualTo("1");

        server.setDoorOpen("2", true);
        Element opened = nextPush();
        assertThat(value(child(doorData(opened, "2"), "State"), "OpenState")).isEqualTo("SingleDoorOpen");

        server.count("2", ObjectClass.PRAM, new Count(1, 0));
        Element counted = nextPush();
        Element pram = children(doorData(counted, "2"), "Count").stream()
                .filter(c -> value(c, "ObjectClass").equals("Pram")).findFirst().orElseThrow();
        assertThat(value(pram, "In")).isEqualTo("1");

        server.setDoorOpen("2", true); // no change: no push
        server.setDoorOpen("2", false);
        Element closed = nextPush();
        assertThat(value(child(doorData(closed, "2"), "State"), "OpenState")).isEqualTo("SingleDoorClosed");
    }

    @Test
    void unsubscribeEndsTheSubscription() throws Exception {
        int port = startSubscriber(200);
        post("/PassengerCountingService/SubscribeAllData", subscribeRequest(port));
        assertThat(server.subscriberCount()).isEqualTo(1);

        HttpResponse<byte[]> response = post("/PassengerCountingService/UnsubscribeAllData", subscribeRequest(port));

        assertThat(response.statusCode()).isEqualTo(200);
        Element root = Xml.parse(response.body());
        assertThat(root.getLocalName()).isEqualTo("UnsubscribeResponse");
        assertThat(value(root, "Active")).isEqualTo("false");
        assertThat(server.subscriberCount()).isZero();
    }

    @Test
    void aSubscriberThatKeepsFailingIsDropped() throws Exception {
        int port = startSubscriber(500);
        post("/PassengerCountingService/SubscribeAllData", subscribeRequest(port));

        for (int i = 0; i < IbisIpServer.MAX_PUSH_FAILURES; i++) {
            server.count("1", ObjectClass.ADULT, new Count(1, 0));
        }

        assertThat(Await.until(() -> server.subscriberCount() == 0)).isTrue();
        assertThat(pushes).hasSizeGreaterThanOrEqualTo(IbisIpServer.MAX_PUSH_FAILURES);
    }

    @Test
    void anUnreachableSubscriberIsDropped() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        post("/PassengerCountingService/SubscribeAllData", subscribeRequest(closedPort));

        for (int i = 0; i < IbisIpServer.MAX_PUSH_FAILURES; i++) {
            server.setDoorOpen("1", i % 2 == 0);
        }

        assertThat(Await.until(() -> server.subscriberCount() == 0)).isTrue();
    }

    @Test
    void aMalformedSubscribeRequestIsRefusedWith400() throws Exception {
        String path = "/PassengerCountingService/SubscribeAllData";

        assertBadRequest(path, "not xml", "not well-formed");
        assertBadRequest(path, "", "not well-formed");
        assertBadRequest(path, subscribeRequest(5040).replace("<ReplyPort><Value>5040</Value></ReplyPort>", ""),
                "ReplyPort: missing");
        assertBadRequest(path, subscribeRequest(70000), "ReplyPort: '70000' is no port");
        assertBadRequest(path, subscribeRequest(5040).replace("127.0.0.1", "gateway.example"),
                "Client-IP-Address: 'gateway.example' is no IP address");
        assertBadRequest(path, subscribeRequest(5040).replace(REPLY_PATH, "no-slash"), "ReplyPath");
        assertBadRequest(path, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><SubscribeRequest>&e;"
                + "</SubscribeRequest>", "not well-formed");
        assertThat(server.subscriberCount()).isZero();
    }

    @Test
    void subscribersNameThemselvesByAddressNeverByName() throws Exception {
        assertThat(IbisIpServer.ipLiteral("10.1.2.3")).isEqualTo(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
        assertThat(IbisIpServer.ipLiteral("::1")).isEqualTo(InetAddress.getByName("0:0:0:0:0:0:0:1"));
        assertThat(IbisIpServer.ipLiteral("256.1.1.1")).isNull();
        assertThat(IbisIpServer.ipLiteral("1.2.3")).isNull();
        assertThat(IbisIpServer.ipLiteral("gateway.example")).isNull();
        assertThat(IbisIpServer.ipLiteral("zz::1")).isNull();

        URI v6 = IbisIpServer.parseSubscribeRequest(subscribeRequest(5040).replace("127.0.0.1", "::1")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(v6).hasToString("http://[0:0:0:0:0:0:0:1]:5040" + REPLY_PATH);
        assertBadRequest("/PassengerCountingService/SubscribeAllData",
                subscribeRequest(5040).replace("127.0.0.1", "300.0.0.1"), "Client-IP-Address: '300.0.0.1'");
    }

    @Test
    void aNamespacedSubscribeRequestIsAccepted() throws Exception {
        int port = startSubscriber(200);
        String namespaced = subscribeRequest(port).replace("<SubscribeRequest>",
                "<ibis:SubscribeRequest xmlns:ibis=\"http://www.vdv.de/ibis\">")
                .replace("</SubscribeRequest>", "</ibis:SubscribeRequest>");

        assertThat(post("/PassengerCountingService/SubscribeAllData", namespaced).statusCode()).isEqualTo(200);
        assertThat(server.subscriberCount()).isEqualTo(1);
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(post("/PassengerCountingService/Nope", "").statusCode()).isEqualTo(404);
        assertThat(post("/", "").statusCode()).isEqualTo(404);
        assertThat(post("/PassengerCountingService/GetAllData/more", "").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(uri("/PassengerCountingService/GetAllData"))
                .PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
        assertThat(put.statusCode()).isEqualTo(405);
    }

    @Test
    void customerInformationShowsTheCurrentTripAndStop() throws Exception {
        Element before = child(Xml.parse(post("/CustomerInformationService/GetAllData", "").body()), "AllData");
        assertThat(children(before, "TripInformation")).isEmpty();
        assertThat(value(before, "VehicleRef")).isEqualTo("bus-4711");

        server.setTripProgress(1, 2, false);
        server.setVehicleDoorsOpen(true);
        HttpResponse<byte[]> response = post("/CustomerInformationService/GetAllData", "");

        assertThat(response.statusCode()).isEqualTo(200);
        Element root = Xml.parse(response.body());
        assertThat(root.getLocalName()).isEqualTo("CustomerInformationService.GetAllDataResponse");
        Element allData = child(root, "AllData");
        assertThat(childNames(allData)).containsExactly("TimeStamp", "VehicleRef", "DefaultLanguage",
                "TripInformation", "CurrentStopIndex", "RouteDeviation", "DoorState", "VehicleStopRequested",
                "ExitSide");
        assertThat(value(allData, "DefaultLanguage")).isEqualTo("de");
        Element trip = child(allData, "TripInformation");
        assertThat(value(trip, "TripRef")).isEqualTo("T2");
        List<Element> stops = children(child(trip, "StopSequence"), "StopPoint");
        assertThat(stops).extracting(s -> value(s, "StopIndex")).containsExactly("1", "2", "3");
        assertThat(stops).extracting(s -> value(s, "StopRef")).containsExactly("C", "B", "A");
        assertThat(value(stops.get(1), "StopName")).isEqualTo("Beta & Co");
        assertThat(child(child(stops.get(1), "StopName"), "Language").getTextContent()).isEqualTo("de");
        Element display = child(stops.get(0), "DisplayContent");
        Element lineInformation = child(display, "LineInformation");
        assertThat(value(lineInformation, "LineRef")).isEqualTo("7");
        assertThat(value(lineInformation, "LineName")).isEqualTo("7");
        assertThat(value(lineInformation, "LineNumber")).isEqualTo("7");
        assertThat(value(child(display, "Destination"), "DestinationName")).isEqualTo("Alpha");
        assertThat(value(trip, "LocationState")).isEqualTo("BetweenStop");
        assertThat(value(allData, "CurrentStopIndex")).isEqualTo("2");
        assertThat(value(allData, "DoorState")).isEqualTo("DoorsOpen");
        assertThat(value(allData, "RouteDeviation")).isEqualTo("onroute");

        server.setTripProgress(1, 3, true);
        server.setVehicleDoorsOpen(false);
        Element atStop = child(Xml.parse(post("/CustomerInformationService/GetAllData", "").body()), "AllData");
        assertThat(value(atStop, "CurrentStopIndex")).isEqualTo("3");
        assertThat(value(child(atStop, "TripInformation"), "LocationState")).isEqualTo("AtStop");
        assertThat(value(atStop, "DoorState")).isEqualTo("AllDoorsClosed");
    }

    private void assertBadRequest(String path, String body, String message) throws Exception {
        HttpResponse<byte[]> response = post(path, body);
        assertThat(response.statusCode()).as("status for %s", body).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(message);
    }

    /** A test subscriber answering every push with {@code status}; pushes arrive in {@link #pushes}. */
    private int startSubscriber(int status) throws IOException {
        subscriber = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        subscriber.createContext(REPLY_PATH, exchange -> {
            pushes.add(exchange.getRequestBody().readAllBytes());
            byte[] answer = ("<DataAcceptedResponse><DataAcceptedResponseData><DataAccepted><Value>true</Value>"
                    + "</DataAccepted></DataAcceptedResponseData></DataAcceptedResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        subscriber.start();
        return subscriber.getAddress().getPort();
    }

    private Element nextPush() throws Exception {
        byte[] push = pushes.poll(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(push).as("a push").isNotNull();
        Element root = Xml.parse(push);
        assertThat(root.getLocalName()).isEqualTo("PassengerCountingService.AllData");
        return child(root, "AllData");
    }

    private static Element doorData(Element allData, String door) {
        return children(allData, "CountingData").stream().filter(d -> value(d, "DoorID").equals(door)).findFirst()
                .orElseThrow();
    }

    static String subscribeRequest(int port) {
        return "<SubscribeRequest><Client-IP-Address><Value>127.0.0.1</Value></Client-IP-Address>"
                + "<ReplyPort><Value>" + port + "</Value></ReplyPort>"
                + "<ReplyPath><Value>" + REPLY_PATH + "</Value></ReplyPath></SubscribeRequest>";
    }

    private HttpResponse<byte[]> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
