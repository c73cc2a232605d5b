package org.edgeway.distrib;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The demo distribution on Felix with its embedded broker: the test probe is a third bundle that publishes through
 * {@link CloudPublisher} and registers a {@link RequestHandler}; an independent MQTT client (Paho) plays the cloud.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudRoundTripIT {

    private static final long TIMEOUT_S = 30;
    private static final String ACCOUNT = "edgeway";
    private static final String CONSOLE = "it-console";

    @Inject
    private BundleContext context;
    @Inject
    private CloudPublisher cloud;
    @Inject
    private GatewayIdentity identity;
    @Inject
    private ConfigurationAdmin configAdmin;

    private final KuraPayloadCodec codec = new KuraPayloadCodec();
    private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    private MqttClient console;
    private ServiceRegistration<RequestHandler> echo;

    @Configuration
    public Option[] configuration() throws IOException {
        return DistributionUnderTest.options();
    }

    @Before
    public void connectTheConsole() throws Exception {
        // .cfg values are strings
        int port = Integer.parseInt(String.valueOf(
                configAdmin.getConfiguration("org.edgeway.demo.broker", "?").getProperties().get("port")));
        console = new MqttClient("tcp://127.0.0.1:" + port, CONSOLE, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(10);
        console.connect(options);
        IMqttMessageListener collect = (topic, message) -> received.add(new String[] {topic,
                java.util.Base64.getEncoder().encodeToString(message.getPayload())});
        // QoS 0 to the test's client: the demo's Moquette 0.17 can release a queued QoS 1 delivery twice when its
        // PUBACK comes in under load (IllegalReferenceCountException, the session dies); what the gateway sends is
        // still QoS 1 and acknowledged by the broker
        console.subscribe(ACCOUNT + "/+/IT-V1/#", 0, collect);
        console.subscribe("$EDC/" + ACCOUNT + "/" + CONSOLE + "/#", 0, collect);
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (!cloud.status().connected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue("the gateway's cloud connection did not connect: " + cloud.status(), cloud.status().connected());
    }

    @After
    public void disconnect() throws Exception {
        if (echo != null) {
            echo.unregister();
        }
        console.disconnect();
        console.close();
    }

    @Test
    public void aThirdBundlePublishingThroughCloudPublisherReachesTheBroker() throws Exception {
        cloud.publish("IT-V1", "probe/1", Payload.builder().metric("answer", 42).build());

        Payload payload = awaitMessage(ACCOUNT + "/" + identity.info().id() + "/IT-V1/probe/1");
        assertEquals(42, payload.metric("answer").orElseThrow().value());
    }

    @Test
    public void aRequestHandlerOfAThirdBundleAnswersOnTheRequestersReplyTopic() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(RequestHandler.APP_ID, "ECHO-V1");
        echo = context.registerService(RequestHandler.class,
                request -> Response.ok(Payload.builder().metric("echo", request.resourcePath()).build()), properties);

        Payload reply = request("ECHO-V1/EXEC/ping/pong", "req-1");

        assertEquals(200, reply.metric("response.code").orElseThrow().value());
        assertEquals("ping/pong", reply.stringMetric("echo").orElseThrow());
    }

    @Test
    public void inventoryListsTheBundlesAndUnknownApplicationsAre404() throws Exception {
        Payload bundles = request("INVENTORY-V1/GET/bundles", "req-2");
        assertEquals(200, bundles.metric("response.code").orElseThrow().value());
        String json = new String(bundles.body(), StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"name\":\"org.edgeway.core\"") && json.contains("\"state\":\"ACTIVE\""));

        Payload missing = request("NOPE-V1/GET/x", "req-3");
        assertEquals(404, missing.metric("response.code").orElseThrow().value());
    }

    @Test
    public void connectionMetricsAreReadableAndPublishedPeriodically() throws Exception {
        cloud.publish("IT-V1", "probe/metrics", Payload.builder().metric("n", 1).build());
        awaitMessage(ACCOUNT + "/" + identity.info().id() + "/IT-V1/probe/metrics");
        assertTrue(cloud.metrics().toString(), cloud.metrics().accepted() >= 1 && cloud.metrics().delivered() >= 1);
        assertTrue(cloud.metrics().toString(), cloud.metrics().connects() >= 1);

        org.osgi.service.cm.Configuration connection =
                configAdmin.getFactoryConfiguration("org.edgeway.cloud.connection", "default", "?");
        Dictionary<String, Object> properties = connection.getProperties();
        properties.put("metrics.interval.s", "1");
        connection.update(properties);
        console.subscribe(ACCOUNT + "/+/EDGEWAY-V1/cloud/default", 0, (topic, message) -> received.add(
                new String[] {topic, java.util.Base64.getEncoder().encodeToString(message.getPayload())}));

        Payload metrics = awaitMessage(ACCOUNT + "/" + identity.info().id() + "/EDGEWAY-V1/cloud/default");
        assertTrue(metrics.toString(), metrics.metric("queue.messages").isPresent()
                && metrics.metric("delivered").isPresent() && metrics.metric("dropped").isPresent()
                && metrics.metric("connects").isPresent());
    }

    @Test
    public void birthCertificateDecodesWithProtocAndKurasSchema() throws Exception {
        KuraProtoc.executableOrSkip();
        console.subscribe("$EDC/" + ACCOUNT + "/+/MQTT/BIRTH", 0, (topic, message) -> received.add(
                new String[] {topic, java.util.Base64.getEncoder().encodeToString(message.getPayload())}));
        // a new configuration means a new connection, and a birth certificate on it
        org.osgi.service.cm.Configuration connection =
                configAdmin.getFactoryConfiguration("org.edgeway.cloud.connection", "default", "?");
        Dictionary<String, Object> properties = connection.getProperties();
        properties.put("keep.alive.s", "31");
        connection.update(properties);

        byte[] wire = awaitRaw("$EDC/" + ACCOUNT + "/" + identity.info().id() + "/MQTT/BIRTH");
        String decoded = KuraProtoc.decode(wire);
        Map<String, KuraProtoc.Metric> metrics = KuraProtoc.metrics(decoded);
        for (String metric : List.of("uptime", "display_name", "model_name", "jvm_version", "kura_version",
                "osgi_framework_version", "accept_encoding", "application_ids", "payload_encoding")) {
            assertTrue("no " + metric + " in\n" + decoded, metrics.containsKey(metric));
        }
        assertTrue(decoded, List.of(metrics.get("application_ids").value().split(",")).contains("INVENTORY-V1"));
    }

    @Test
    public void garbageOnTheControlTopicsHarmsNothing() throws Exception {
        String base = "$EDC/" + ACCOUNT + "/" + identity.info().id() + "/";
        console.publish(base + "INVENTORY-V1/GET/bundles", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}, 1, false);
        console.publish(base + "INVENTORY-V1/GET/bundles", "random text".getBytes(StandardCharsets.UTF_8), 1, false);
        console.publish(base + "INVENTORY-V1", new byte[0], 1, false);

        Payload reply = request("INVENTORY-V1/GET/bundles", "req-4");
        assertEquals("the gateway still answers after garbage", 200, reply.metric("response.code").orElseThrow().value());
    }

    private Payload request(String appAndResource, String requestId) throws Exception {
        byte[] request = codec.encode(Payload.builder()
                .metric("request.id", requestId)
                .metric("requester.client.id", CONSOLE)
                .build());
        String appId = appAndResource.substring(0, appAndResource.indexOf('/'));
        // a handler registered a moment ago may not be routed yet; the first request may then get 404
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (true) {
            console.publish("$EDC/" + ACCOUNT + "/" + identity.info().id() + "/" + appAndResource, request, 1, false);
            Payload reply = awaitMessage("$EDC/" + ACCOUNT + "/" + CONSOLE + "/" + appId + "/REPLY/" + requestId);
            boolean routed = !Integer.valueOf(404).equals(reply.metric("response.code").orElseThrow().value())
                    || appId.equals("NOPE-V1");
            if (routed || System.currentTimeMillis() > deadline) {
                return reply;
            }
            Thread.sleep(200);
        }
    }

    private byte[] awaitRaw(String topic) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (System.currentTimeMillis() < deadline) {
            String[] message = received.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message[0].equals(topic)) {
                return java.util.Base64.getDecoder().decode(message[1]);
            }
        }
        throw new AssertionError("nothing arrived on " + topic + " within " + TIMEOUT_S + " s");
    }

    private Payload awaitMessage(String topic) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (System.currentTimeMillis() < deadline) {
            String[] message = received.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message[0].equals(topic)) {
                return codec.decode(java.util.Base64.getDecoder().decode(message[1]));
            }
        }
        throw new AssertionError("nothing arrived on " + topic + " within " + TIMEOUT_S + " s");
    }
}
