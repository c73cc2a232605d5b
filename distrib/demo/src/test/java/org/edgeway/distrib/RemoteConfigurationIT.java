package org.edgeway.distrib;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Remote configuration over MQTT (CONF-V1) on the demo distribution with its embedded broker: an independent Paho
 * client plays the cloud. Invalid values are refused naming the field, valid ones reach the component before the
 * answer, a deleted factory instance comes back with a rollback, and a secret is stored encrypted, delivered in
 * clear to its component, never returned and never logged.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteConfigurationIT {

    private static final long TIMEOUT_S = 30;
    private static final String ACCOUNT = "edgeway";
    private static final String CONSOLE = "it-conf-console";
    private static final String SIMULATOR = "org.edgeway.demo.simulator";
    private static final String WORKSHOP = "org.edgeway.modbus.meter~workshop";
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @Inject
    private BundleContext context;
    @Inject
    private GatewayIdentity identity;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private ServiceComponentRuntime scr;

    private final KuraPayloadCodec codec = new KuraPayloadCodec();
    private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    private MqttClient console;
    private int brokerPort;

    @Configuration
    public Option[] configuration() throws IOException {
        return DistributionUnderTest.options();
    }

    @Before
    public void connectTheConsole() throws Exception {
        // the embedded broker is up once the gateway's own connection is; the connection component may be
        // re-created while the gateway settles, so ask the current service each time
        long deadline = System.currentTimeMillis() + 2 * TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (!defaultConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue("the gateway's cloud connection did not connect", defaultConnected());
        // .cfg values are strings
        brokerPort = Integer.parseInt(String.valueOf(find("org.edgeway.demo.broker").getProperties().get("port")));
        console = new MqttClient("tcp://127.0.0.1:" + brokerPort, CONSOLE, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(10);
        console.connect(options);
        // QoS 0 to the test's client: the demo's Moquette 0.17 can release a queued QoS 1 delivery twice when its
        // PUBACK comes in under load (IllegalReferenceCountException, the session dies); seen once on a busy machine
        console.subscribe("$EDC/" + ACCOUNT + "/" + CONSOLE + "/#", 0, (topic, message) -> received.add(
                new String[] {topic, Base64.getEncoder().encodeToString(message.getPayload())}));
        assertTrue("the gateway's cloud connection did not connect", defaultConnected());
    }

    @After
    public void disconnect() throws Exception {
        console.disconnect();
        console.close();
    }

    @Test
    public void anInvalidValueIsRejectedNamingTheFieldAndTheOldConfigurationStays() throws Exception {
        Object before = configAdmin.getConfiguration(SIMULATOR, "?").getProperties().get("interval.ms");

        Payload belowMinimum = request("PUT/configurations/" + SIMULATOR, Map.of("format", "json"),
                "{\"properties\": {\"interval.ms\": \"5\", \"app.id\": \"CHANGED\"}}");
        assertEquals(400, code(belowMinimum));
        assertTrue(message(belowMinimum), message(belowMinimum).contains(SIMULATOR + ":interval.ms"));

        Payload notANumber = request("PUT/configurations/" + SIMULATOR, Map.of(), kuraXml(SIMULATOR, "interval.ms", "Long", "soon"));
        assertEquals(400, code(notANumber));
        assertTrue(message(notANumber), message(notANumber).contains("interval.ms"));

        Payload malformed = request("PUT/configurations", Map.of(), "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">");
        assertEquals(400, code(malformed));
        Payload xxe = request("PUT/configurations", Map.of(), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">&e;</esf:configurations>");
        assertEquals(400, code(xxe));
        Payload unknown = request("PUT/configurations/org.example.nothing", Map.of("format", "json"), "{\"properties\": {\"a\": 1}}");
        assertEquals(404, code(unknown));

        org.osgi.service.cm.Configuration after = configAdmin.getConfiguration(SIMULATOR, "?");
        assertEquals(String.valueOf(before), String.valueOf(after.getProperties().get("interval.ms")));
        assertEquals("DEMO-V1", String.valueOf(after.getProperties().get("app.id")));
    }

    @Test
    public void aValidUpdateReachesTheComponentBeforeTheAnswer() throws Exception {
        Payload reply = request("PUT/configurations/" + SIMULATOR, Map.of(), kuraXml(SIMULATOR, "interval.ms", "Long", "750"));
        assertEquals(message(reply), 200, code(reply));

        ComponentConfigurationDTO simulator = component(SIMULATOR);
        assertNotNull("no simulator component", simulator);
        assertEquals(String.valueOf(simulator.properties.get("interval.ms")), "750");
        assertEquals(ComponentConfigurationDTO.ACTIVE, simulator.state);

        Payload json = request("GET/configurations/" + SIMULATOR, Map.of("format", "json"), null);
        assertTrue(body(json), body(json).contains("\"interval.ms\":750"));
    }

    @Test
    public void aDeletedFactoryInstanceComesBackWithARollbackAndOneCreatedSinceGoes() throws Exception {
        awaitConfiguration(WORKSHOP, true);
        Payload snapshot = request("EXEC/snapshot", Map.of(), null);
        assertEquals(message(snapshot), 200, code(snapshot));
        long id = (Long) snapshot.metric("snapshot.id").orElseThrow().value();

        Payload deleted = request("DEL/configurations/" + WORKSHOP, Map.of(), null);
        assertEquals(message(deleted), 200, code(deleted));
        assertNull(find(WORKSHOP));
        Payload created = request("PUT/configurations/org.edgeway.modbus.meter~extra", Map.of("format", "json"),
                "{\"properties\": {\"name\": \"extra\", \"bus\": \"depot\", \"unit.id\": 3, \"profile\": \"eastron-sdm120\"}}");
        assertEquals(message(created), 200, code(created));
        assertNotNull(find("org.edgeway.modbus.meter~extra"));

        Payload list = request("GET/snapshots", Map.of(), null);
        assertTrue(body(list), body(list).contains("<esf:snapshotIds>" + id + "</esf:snapshotIds>"));
        Payload exported = request("GET/snapshots/" + id, Map.of(), null);
        assertTrue(body(exported), body(exported).contains("pid=\"" + WORKSHOP + "\""));

        Payload rollback = request("EXEC/rollback/" + id, Map.of(), null);
        assertEquals(message(rollback), 200, code(rollback));
        org.osgi.service.cm.Configuration back = find(WORKSHOP);
        assertNotNull("the deleted factory instance was not restored", back);
        assertEquals("workshop", String.valueOf(back.getProperties().get("name")));
        assertNull("the instance created after the snapshot was not removed", find("org.edgeway.modbus.meter~extra"));
    }

    @Test
    public void aSecretIsStoredEncryptedDeliveredInClearNeverReturnedNorLogged() throws Exception {
        String secret = "it-secret-" + System.nanoTime();
        String pid = "org.edgeway.cloud.connection~it";
        Payload reply = request("PUT/configurations/" + pid, Map.of("format", "json"),
                "{\"properties\": {\"edgeway.cloud.connection\": \"it\", \"broker.url\": \"tcp://127.0.0.1:" + brokerPort
                        + "\", \"client.id\": \"it-second-connection\", \"username\": \"it\", \"password\": \"" + secret + "\"}}");
        assertEquals(message(reply), 200, code(reply));
        try {
            Object stored = find(pid).getProperties().get("password");
            assertTrue("stored in clear", String.valueOf(stored).startsWith("{enc}"));
            ComponentConfigurationDTO connection = component(pid);
            assertNotNull("no component for " + pid, connection);
            assertEquals("the component did not receive the clear value", secret, connection.properties.get("password"));

            for (Map<String, String> metrics : java.util.List.of(Map.<String, String>of(), Map.of("format", "json"))) {
                Payload read = request("GET/configurations/" + pid, metrics, null);
                assertFalse(body(read), body(read).contains(secret) || body(read).contains("{enc}"));
                assertTrue(body(read), body(read).contains("********"));
            }
            Path home = Path.of(context.getProperty("edgeway.home"));
            Path log = home.resolve("var/log/edgeway.log");
            assertFalse("the secret is in the log", Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(secret));
            Path key = home.resolve("var/security/config.key");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        } finally {
            assertEquals(200, code(request("DEL/configurations/" + pid, Map.of(), null)));
        }
    }

    private boolean defaultConnected() throws Exception {
        for (org.osgi.framework.ServiceReference<CloudPublisher> reference
                : context.getServiceReferences(CloudPublisher.class, "(" + CloudPublisher.CONNECTION_NAME + "=default)")) {
            CloudPublisher publisher = context.getService(reference);
            try {
                if (publisher != null && publisher.status().connected()) {
                    return true;
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return false;
    }

    private static String kuraXml(String pid, String name, String type, String value) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\""
                + " xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\"><esf:configuration pid=\"" + pid + "\">"
                + "<esf:properties><esf:property name=\"" + name + "\" array=\"false\" encrypted=\"false\" type=\"" + type
                + "\"><esf:value>" + value + "</esf:value></esf:property></esf:properties></esf:configuration></esf:configurations>";
    }

    private ComponentConfigurationDTO component(String pid) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (pid.equals(configuration.properties.get("service.pid"))) {
                    return configuration;
                }
            }
        }
        return null;
    }

    private org.osgi.service.cm.Configuration find(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0];
    }

    private void awaitConfiguration(String pid, boolean present) throws Exception {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while ((find(pid) != null) != present && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(pid, present, find(pid) != null);
    }

    private static int code(Payload reply) {
        return (Integer) reply.metric("response.code").orElseThrow().value();
    }

    private static String message(Payload reply) {
        return reply.stringMetric("response.exception.message").orElse("");
    }

    private static String body(Payload reply) {
        return reply.body() == null ? "" : new String(reply.body(), StandardCharsets.UTF_8);
    }

    private Payload request(String verbAndResource, Map<String, String> metrics, String body) throws Exception {
        String requestId = "conf-" + REQUESTS.incrementAndGet();
        Payload.Builder builder = Payload.builder().metric("request.id", requestId).metric("requester.client.id", CONSOLE);
        metrics.forEach(builder::metric);
        if (body != null) {
            builder.body(body.getBytes(StandardCharsets.UTF_8));
        }
        byte[] request = codec.encode(builder.build());
        console.publish("$EDC/" + ACCOUNT + "/" + identity.info().id() + "/CONF-V1/" + verbAndResource, request, 1, false);
        String topic = "$EDC/" + ACCOUNT + "/" + CONSOLE + "/CONF-V1/REPLY/" + requestId;
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (System.currentTimeMillis() < deadline) {
            String[] message = received.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message[0].equals(topic)) {
                return codec.decode(Base64.getDecoder().decode(message[1]));
            }
        }
        throw new AssertionError("no reply on " + topic + " within " + TIMEOUT_S + " s");
    }
}
