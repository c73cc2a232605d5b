package org.edgeway.distrib;

import static org.edgeway.distrib.KuraTestCloud.find;
import static org.edgeway.distrib.KuraTestCloud.intMetric;
import static org.edgeway.distrib.KuraTestCloud.stringMetric;
import static org.edgeway.distrib.TestSupport.deleteTree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 4's configuration, inventory and command parts over a real Mosquitto with the vehicle distribution as a
 * real process:
 * <ul>
 * <li>CMD-V1 is refused while disabled (the default);</li>
 * <li>INVENTORY-V1 {@code EXEC bundles/_stop} and {@code _start} of a harmless bundle change its state in
 * {@code GET bundles}; stopping the cloud bundle is refused;</li>
 * <li>with {@code enabled=true} and {@code allowed.commands=/bin/echo}, {@code /bin/echo hello} answers 200 with
 * stdout {@code hello} and {@code /bin/ls} is refused;</li>
 * <li>CONF-V1 (JSON variant): a value out of range is refused naming the field with nothing changed, a valid one
 * reaches the component without a restart, and a rollback brings back a factory instance deleted after the
 * snapshot.</li>
 * </ul>
 * (Signed deployment has its own test, {@link RemoteDeploymentIT}.)
 */
public class RemoteManagementIT {

    private static final long TIMEOUT_S = 60;
    private static final String HARMLESS = "org.apache.felix.gogo.command";

    @Rule
    public final Timeout timeout = Timeout.seconds(240);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-vehicle")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "transit-it-" + suffix;
    private final String clientId = "bus-cmd-" + suffix;
    private final String requester = "console-cmd-" + suffix;
    private Path work;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private GatewayProcess gateway;

    @Before
    public void startBrokerAndCloud() throws Exception {
        work = Files.createTempDirectory("edgeway-cmd-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        cloud = KuraTestCloud.connect(broker.url(), account, requester);
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void commandsAreRefusedByDefaultAndBundlesStopAndStartOverInventory() throws Exception {
        startGateway("gateway-default.log", List.of());

        KuraPayload refused = request("CMD-V1", "EXEC/command", Map.of("command.command", "/bin/echo",
                "command.argument0", "hello"), null);
        assertEquals("reply " + refused, 400, intMetric(refused, "response.code"));
        assertEquals("command execution is disabled (org.edgeway.core.command enabled=false)",
                stringMetric(refused, "response.exception.message"));

        assertEquals("ACTIVE", bundleState(HARMLESS));
        KuraPayload stop = request("INVENTORY-V1", "EXEC/bundles/_stop", Map.of(),
                "{\"name\": \"" + HARMLESS + "\"}");
        assertEquals("reply " + stop, 200, intMetric(stop, "response.code"));
        assertEquals("RESOLVED", bundleState(HARMLESS));
        KuraPayload start = request("INVENTORY-V1", "EXEC/bundles/_start", Map.of(),
                "{\"name\": \"" + HARMLESS + "\"}");
        assertEquals("reply " + start, 200, intMetric(start, "response.code"));
        assertEquals("ACTIVE", bundleState(HARMLESS));

        KuraPayload cutOff = request("INVENTORY-V1", "EXEC/bundles/_stop", Map.of(),
                "{\"name\": \"org.edgeway.cloud\"}");
        assertEquals("reply " + cutOff, 400, intMetric(cutOff, "response.code"));
        assertTrue(stringMetric(cutOff, "response.exception.message").startsWith("refusing to stop org.edgeway.cloud"));
        KuraPayload unknown = request("INVENTORY-V1", "EXEC/bundles/_stop", Map.of(), "{\"name\": \"no.such\"}");
        assertEquals("reply " + unknown, 404, intMetric(unknown, "response.code"));
        assertEquals("ACTIVE", bundleState("org.edgeway.cloud"));
    }

    @Test
    public void anEnabledAllowListRunsEchoAndRefusesLs() throws Exception {
        startGateway("gateway-enabled.log", List.of("--set", "org.edgeway.core.command:enabled=true",
                "--set", "org.edgeway.core.command:allowed.commands=/bin/echo"));

        // the launch settings are applied before the cloud is up, but wait for the component to show them
        KuraPayload[] echo = new KuraPayload[1];
        gateway.await("CMD-V1 to run /bin/echo", TIMEOUT_S, () -> {
            echo[0] = request("CMD-V1", "EXEC/command", Map.of("command.command", "/bin/echo",
                    "command.argument0", "hello"), null);
            return intMetric(echo[0], "response.code") == 200;
        });
        assertEquals("hello\n", stringMetric(echo[0], "command.stdout"));
        assertEquals(0, intMetric(echo[0], "command.exit.code"));

        KuraPayload ls = request("CMD-V1", "EXEC/command", Map.of("command.command", "/bin/ls"), null);
        assertEquals("reply " + ls, 400, intMetric(ls, "response.code"));
        assertTrue(stringMetric(ls, "response.exception.message"),
                stringMetric(ls, "response.exception.message").contains("'/bin/ls' is not allowed"));
    }

    @Test
    public void remoteConfigurationIsValidatedAppliedWithoutRestartAndRolledBack() throws Exception {
        startGateway("gateway-config.log", List.of());
        Map<String, Object> json = Map.of("format", "json");

        // a value out of the metatype's range is refused naming the field, and nothing changes
        KuraPayload tooLong = request("CONF-V1", "PUT/configurations/org.edgeway.core.command", json,
                "{\"properties\": {\"enabled\": true, \"timeout.s\": 5000}}");
        assertEquals("reply " + tooLong, 400, intMetric(tooLong, "response.code"));
        assertTrue(stringMetric(tooLong, "response.exception.message"),
                stringMetric(tooLong, "response.exception.message").contains("timeout.s"));
        KuraPayload stillDisabled = request("CMD-V1", "EXEC/command", Map.of("command.command", "/bin/echo"), null);
        assertEquals("the refused update enabled nothing: " + stillDisabled, 400,
                intMetric(stillDisabled, "response.code"));

        // a valid update is answered once applied: the command component runs with it, no restart
        KuraPayload enable = request("CONF-V1", "PUT/configurations/org.edgeway.core.command", json,
                "{\"properties\": {\"enabled\": true, \"allowed.commands\": [\"/bin/echo\"]}}");
        assertEquals("reply " + enable, 200, intMetric(enable, "response.code"));
        KuraPayload echo = request("CMD-V1", "EXEC/command", Map.of("command.command", "/bin/echo",
                "command.argument0", "configured"), null);
        assertEquals("reply " + echo, 200, intMetric(echo, "response.code"));
        assertEquals("configured\n", stringMetric(echo, "command.stdout"));

        // a second cloud connection, a snapshot, the connection deleted, and the rollback brings it back
        String spare = "org.edgeway.cloud.connection~spare";
        KuraPayload created = request("CONF-V1", "PUT/configurations/" + spare, json,
                "{\"properties\": {\"edgeway.cloud.connection\": \"spare\", \"broker.url\": \"" + broker.url()
                        + "\", \"client.id\": \"" + clientId
                        + "-spare\", \"account\": \"" + account + "\"}}");
        assertEquals("reply " + created, 200, intMetric(created, "response.code"));
        KuraPayload snapshot = request("CONF-V1", "EXEC/snapshot", json, null);
        assertEquals("reply " + snapshot, 200, intMetric(snapshot, "response.code"));
        long snapshotId = find(snapshot, "snapshot.id").getLongValue();
        KuraPayload deleted = request("CONF-V1", "DEL/configurations/" + spare, json, null);
        assertEquals("reply " + deleted, 200, intMetric(deleted, "response.code"));
        assertEquals(404, intMetric(request("CONF-V1", "GET/configurations/" + spare, json, null), "response.code"));

        KuraPayload rolledBack = request("CONF-V1", "EXEC/rollback/" + snapshotId, json, null);
        assertEquals("reply " + rolledBack, 200, intMetric(rolledBack, "response.code"));
        KuraPayload restored = request("CONF-V1", "GET/configurations/" + spare, json, null);
        assertEquals("reply " + restored, 200, intMetric(restored, "response.code"));
        assertEquals(clientId + "-spare", JsonParser.parseString(restored.getBody().toString(StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonObject("properties").get("client.id").getAsString());
    }

    // ---- gateway and cloud -------------------------------------------------------------------------------------

    private void startGateway(String log, List<String> args) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Path home = Files.createDirectories(work.resolve("home"));
        gateway = GatewayProcess.start(distribution, home, env, args, work.resolve(log),
                () -> cloud.topics() + "\nmosquitto:\n" + broker.tail());
        gateway.await("INVENTORY-V1 to answer GET bundles", TIMEOUT_S, () -> {
            KuraPayload reply = request("INVENTORY-V1", "GET/bundles", Map.of(), null, 5);
            return reply != null && intMetric(reply, "response.code") == 200;
        });
    }

    private KuraPayload request(String app, String resource, Map<String, Object> metrics, String body)
            throws Exception {
        KuraPayload reply = request(app, resource, metrics, body, TIMEOUT_S);
        assertTrue("no reply to " + app + "/" + resource, reply != null);
        return reply;
    }

    /** Sends a request and waits up to {@code waitS} for its reply; null if none came. */
    private KuraPayload request(String app, String resource, Map<String, Object> metrics, String body, long waitS)
            throws Exception {
        return cloud.request(clientId, app, resource, metrics, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                waitS, () -> {
                    if (gateway != null) {
                        gateway.assertAlive();
                    }
                });
    }

    /** The state of a bundle in INVENTORY-V1's {@code GET bundles}, or null if it is not installed. */
    private String bundleState(String symbolicName) throws Exception {
        KuraPayload reply = request("INVENTORY-V1", "GET/bundles", Map.of(), null);
        assertEquals("response.code in " + reply, 200, intMetric(reply, "response.code"));
        String json = reply.getBody().toString(StandardCharsets.UTF_8);
        for (JsonElement bundle : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("bundles")) {
            if (bundle.getAsJsonObject().get("name").getAsString().equals(symbolicName)) {
                return bundle.getAsJsonObject().get("state").getAsString();
            }
        }
        return null;
    }
}
