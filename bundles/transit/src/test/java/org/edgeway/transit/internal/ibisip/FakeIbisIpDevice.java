package org.edgeway.transit.internal.ibisip;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.w3c.dom.Document;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An IBIS-IP device for tests, on the JDK HTTP server: PassengerCountingService GetAllData, SubscribeAllData,
 * UnsubscribeAllData (and pushes to the subscriber), CustomerInformationService GetAllData. Replies are set by the
 * test; it can be stopped and started again on the same port.
 */
final class FakeIbisIpDevice implements AutoCloseable {

    static final String SUBSCRIBED = "<SubscribeResponse><Active><Value>true</Value></Active></SubscribeResponse>";
    static final String UNSUBSCRIBED = "<UnsubscribeResponse><Active><Value>false</Value></Active>"
            + "</UnsubscribeResponse>";

    volatile String pcsBody = "";
    volatile int pcsStatus = 200;
    volatile long pcsDelayMillis;
    volatile String cisBody = "";
    volatile int cisStatus = 200;
    volatile String subscribeBody = SUBSCRIBED;
    volatile URI subscriber;
    volatile String lastSubscribeRequest;
    final AtomicInteger pcsGets = new AtomicInteger();
    final AtomicInteger cisGets = new AtomicInteger();
    final AtomicInteger subscribes = new AtomicInteger();
    final AtomicInteger unsubscribes = new AtomicInteger();

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient pusher = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private volatile HttpServer server;

    FakeIbisIpDevice() throws IOException {
        server = start(0);
        port = server.getAddress().getPort();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        s.createContext("/PassengerCountingService/GetAllData", ex -> {
            pcsGets.incrementAndGet();
            long delay = pcsDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // a slow device
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(ex, pcsStatus, pcsBody);
        });
        s.createContext("/PassengerCountingService/SubscribeAllData", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            lastSubscribeRequest = new String(body, StandardCharsets.UTF_8);
            try {
                Document doc = IbisIpXml.parse(body);
                String host = value(doc, "Client-IP-Address");
                String replyPort = value(doc, "ReplyPort");
                String path = value(doc, "ReplyPath");
                if (subscribeBody.equals(SUBSCRIBED)) {
                    subscriber = URI.create("http://" + host + ":" + replyPort + path);
                }
                subscribes.incrementAndGet();
                reply(ex, 200, subscribeBody);
            } catch (IbisIpException | RuntimeException e) {
                reply(ex, 400, e.getMessage());
            }
        });
        s.createContext("/PassengerCountingService/UnsubscribeAllData", ex -> {
            ex.getRequestBody().readAllBytes();
            subscriber = null;
            unsubscribes.incrementAndGet();
            reply(ex, 200, UNSUBSCRIBED);
        });
        s.createContext("/CustomerInformationService/GetAllData", ex -> {
            cisGets.incrementAndGet();
            reply(ex, cisStatus, cisBody);
        });
        s.setExecutor(threads);
        s.start();
        return s;
    }

    private static String value(Document doc, String element) {
        return IbisIpXml.child(IbisIpXml.find(doc.getDocumentElement(), element), "Value").getTextContent();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering (connections are refused). */
    void stop() {
        server.stop(0);
    }

    /** Answers again on the same port: a restarted device, which has forgotten its subscribers. */
    void restart() throws Exception {
        subscriber = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                server = start(port);
                return;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the old socket is still closing
            }
        }
    }

    /** Pushes AllData to the subscriber as the device would. */
    HttpResponse<String> push(String body) throws Exception {
        URI to = subscriber;
        if (to == null) {
            throw new IllegalStateException("nobody subscribed");
        }
        return pusher.send(HttpRequest.newBuilder(to).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

}
