package org.edgeway.fleet.internal.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A gateway's MQTT side as an edgeway gateway answers fleet operations: subscribed to {@code $EDC/ACCOUNT/ID/#}, it
 * answers CONF-V1 {@code PUT configurations/PID} (JSON) and {@code EXEC rollback}, DEPLOY-V2 {@code EXEC download}
 * (200 with the job id at once, then NOTIFY download and install progress to the requester, then a new BIRTH) and
 * {@code GET packages} (Kura's XML), with the topics, metrics and types of the cloud and deploy bundles. A
 * {@link Behaviour} injects failures.
 */
final class RespondingGateway implements AutoCloseable {

    enum Behaviour {
        /** Answers like a healthy gateway. */
        OK,
        /** Refuses every request with 400. */
        REFUSE,
        /** Accepts a deployment, then reports the installation FAILED (its health check rolled it back). */
        INSTALL_FAILS,
        /** Receives requests and never answers. */
        SILENT
    }

    static final KuraPayloadCodec CODEC = new KuraPayloadCodec();

    private final MqttAsyncClient client;
    private final String account;
    private final String clientId;
    private final Behaviour behaviour;
    private final ExecutorService worker;
    /** Every request received, as "APP VERB RESOURCE". */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> installed = new ConcurrentHashMap<>();

    private RespondingGateway(MqttAsyncClient client, String account, String clientId, Behaviour behaviour,
            ExecutorService worker) {
        this.client = client;
        this.account = account;
        this.clientId = clientId;
        this.behaviour = behaviour;
        this.worker = worker;
    }

    /**
     * Connects, subscribes to its control topics and publishes its birth.
     *
     * @param worker where answers are composed and published: never on Paho's callback thread
     */
    static RespondingGateway connect(String brokerUrl, String account, String clientId, Behaviour behaviour,
            ExecutorService worker) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        RespondingGateway gateway = new RespondingGateway(client, account, clientId, behaviour, worker);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                gateway.received(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("$EDC/" + account + "/" + clientId + "/#", 1).waitForCompletion(10_000);
        gateway.birth();
        return gateway;
    }

    String clientId() {
        return clientId;
    }

    /** The cloud bundle's birth certificate (every metric a string), with the packages it runs as an extension. */
    void birth() throws MqttException {
        Payload.Builder birth = Payload.builder().timestamp(java.time.Instant.now())
                .metric("display_name", "bus " + clientId).metric("model_name", "edgeway gateway")
                .metric("kura_version", "edgeway-0.1.0").metric("application_framework", "edgeway")
                .metric("application_framework_version", "0.1.0")
                .metric("application_ids", "CONF-V1,DEPLOY-V2,INVENTORY-V1").metric("accept_encoding", "gzip");
        client.publish("$EDC/" + account + "/" + clientId + "/MQTT/BIRTH", CODEC.encodeForWire(birth.build()), 1,
                false);
    }

    private void received(String topic, byte[] bytes) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 5 || levels[3].equals("MQTT") || levels[4].equals("REPLY")
                || levels[4].equals("NOTIFY")) {
            return;
        }
        String app = levels[3];
        String verb = levels[4];
        String resource = String.join("/", List.of(levels).subList(5, levels.length));
        received.add(app + " " + verb + " " + resource);
        if (behaviour == Behaviour.SILENT) {
            return;
        }
        worker.execute(() -> {
            try {
                Payload request = CODEC.decode(bytes);
                String requestId = request.stringMetric("request.id").orElseThrow();
                String requester = request.stringMetric("requester.client.id").orElseThrow();
                answer(app, verb, resource, request, requestId, requester);
            } catch (MqttException | RuntimeException e) {
                System.err.println(clientId + ": cannot answer " + topic + ": " + e);
            }
        });
    }

    private void answer(String app, String verb, String resource, Payload request, String requestId, String requester)
            throws MqttException {
        String what = app + " " + verb + " " + resource;
        if (behaviour == Behaviour.REFUSE) {
            reply(requester, app, requestId, 400, app.equals("CONF-V1")
                    ? "invalid configuration, nothing changed: " + resource + ":interval.ms: must be at least 100"
                    : "another deployment job is running (job 7: meters 1.0.0)", null);
        } else if (what.startsWith("CONF-V1 PUT configurations/")) {
            JsonObject body = JsonParser.parseString(new String(request.body(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            boolean json = request.stringMetric("format").filter("json"::equals).isPresent();
            reply(requester, app, requestId, json && body.has("properties") ? 200 : 400,
                    json ? null : "malformed XML", null);
        } else if (what.startsWith("CONF-V1 EXEC rollback")) {
            reply(requester, app, requestId, 200, null, null);
        } else if (what.equals("DEPLOY-V2 EXEC download")) {
            deploy(request, requestId, requester);
        } else if (what.equals("DEPLOY-V2 GET packages")) {
            reply(requester, app, requestId, 200, null, packagesXml().getBytes(StandardCharsets.UTF_8));
        } else {
            reply(requester, app, requestId, 404, "no resource '" + verb + " " + resource + "' in " + app, null);
        }
    }

    private void deploy(Payload request, String requestId, String requester) throws MqttException {
        String name = request.stringMetric("dp.name").orElseThrow();
        String version = request.stringMetric("dp.version").orElseThrow();
        Object jobId = request.metric("job.id").map(Metric::value).orElseThrow(); // sent back with its type
        Payload.Builder accepted = Payload.builder().metric("job.id", jobId);
        publishReply(requester, "DEPLOY-V2", requestId, 200, null, null, accepted);
        notify(requester, "download", jobId, name, version, "IN_PROGRESS", 50, null);
        notify(requester, "download", jobId, name, version, "COMPLETED", 100, null);
        notify(requester, "install", jobId, name, version, "IN_PROGRESS", 10, null);
        notify(requester, "install", jobId, name, version, "IN_PROGRESS", 40, null);
        notify(requester, "install", jobId, name, version, "IN_PROGRESS", 60, null);
        if (behaviour == Behaviour.INSTALL_FAILS) {
            notify(requester, "install", jobId, name, version, "FAILED", 80, "component meters.Poller of "
                    + "org.example.meters failed to activate: java.lang.IllegalStateException: no bus; rolled back "
                    + "to the previous bundle set");
            return;
        }
        installed.put(name, version);
        notify(requester, "install", jobId, name, version, "COMPLETED", 100, null);
        birth(); // packages changed
    }

    private String packagesXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><packages>");
        installed.forEach((name, version) -> xml.append("<package><name>").append(name).append("</name><version>")
                .append(version).append("</version><signer>CN=integrator</signer><bundles><bundle><name>org.example.")
                .append(name).append("</name><version>").append(version).append("</version><id>57</id>")
                .append("<state>ACTIVE</state></bundle></bundles></package>"));
        return xml.append("</packages>").toString();
    }

    private void reply(String requester, String app, String requestId, int code, String message, byte[] body)
            throws MqttException {
        publishReply(requester, app, requestId, code, message, body, Payload.builder());
    }

    /** As the cloud bundle's RequestDispatcher replies: response.code (INT32), the message on error, request.id. */
    private void publishReply(String requester, String app, String requestId, int code, String message, byte[] body,
            Payload.Builder reply) throws MqttException {
        reply.timestamp(java.time.Instant.now()).metric("response.code", code).body(body);
        Optional.ofNullable(message).ifPresent(m -> reply.metric("response.exception.message", m));
        reply.metric("request.id", requestId);
        client.publish("$EDC/" + account + "/" + requester + "/" + app + "/REPLY/" + requestId,
                CODEC.encodeForWire(reply.build()), 1, false);
    }

    /** As the deploy bundle notifies: job.id with the type it came with, dp.PHASE.status|progress|error.message. */
    private void notify(String requester, String phase, Object jobId, String name, String version, String status,
            int progress, String error) throws MqttException {
        Payload.Builder notification = Payload.builder().timestamp(java.time.Instant.now()).metric("job.id", jobId)
                .metric("dp.name", name).metric("dp.version", version).metric("dp." + phase + ".status", status)
                .metric("dp." + phase + ".progress", progress);
        if (error != null) {
            notification.metric("dp." + phase + ".error.message", error);
        }
        client.publish("$EDC/" + account + "/" + requester + "/DEPLOY-V2/NOTIFY/" + clientId + "/" + phase,
                CODEC.encodeForWire(notification.build()), 1, false);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            // the test is over
        }
    }
}
