package org.edgeway.distrib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.google.protobuf.ByteString;

/**
 * The cloud side of the management tests: a Paho client acting as a Kura requester on the test's broker. It records
 * everything it receives, sends requests with {@code request.id} and {@code requester.client.id}, and finds their
 * replies and notifications; plus the Kura payload helpers the tests share.
 */
final class KuraTestCloud implements AutoCloseable {

    /** A message as received. */
    record Received(String topic, byte[] payload) {
    }

    /** What a request does while it waits for its reply, e.g. check that the gateway is still alive. */
    @FunctionalInterface
    interface Waiting {
        void check() throws IOException;
    }

    private final MqttClient client;
    private final String account;
    private final String requester;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestIds = new AtomicInteger();

    private KuraTestCloud(MqttClient client, String account, String requester) {
        this.client = client;
        this.account = account;
        this.requester = requester;
    }

    /** Connects as {@code requester} and subscribes to its control topics ({@code $EDC/account/requester/#}). */
    static KuraTestCloud connect(String brokerUrl, String account, String requester) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, requester, new MemoryPersistence());
        KuraTestCloud cloud = new KuraTestCloud(client, account, requester);
        client.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the broker stays up; a test fails by missing messages
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                cloud.received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // QoS 1 publishes return once acknowledged
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        client.connect(options);
        client.subscribe("$EDC/" + account + "/" + requester + "/#", 1);
        return cloud;
    }

    List<Received> received() {
        return received;
    }

    /** Publishes raw bytes at QoS 1 (a request, or something malformed on purpose). */
    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Also receives the data a gateway publishes, e.g. {@code account/gateway/APC-V1/#}. */
    void subscribe(String topicFilter) throws MqttException {
        client.subscribe(topicFilter, 1);
    }

    /** The decoded messages received on exactly {@code topic}, in arrival order. */
    List<KuraPayload> messages(String topic) throws IOException {
        List<KuraPayload> payloads = new ArrayList<>();
        for (Received message : received) {
            if (message.topic().equals(topic)) {
                payloads.add(decode(message.payload()));
            }
        }
        return payloads;
    }

    String topics() {
        return "topics received: " + received.stream().map(Received::topic).toList();
    }

    /**
     * Sends {@code $EDC/account/gateway/app/resource} and waits up to {@code waitS} for the reply, running
     * {@code whileWaiting} (e.g. a check that the gateway is alive) between looks.
     *
     * @return the reply, or null if none came
     */
    KuraPayload request(String gateway, String app, String resource, Map<String, Object> metrics, byte[] body,
            long waitS, Waiting whileWaiting) throws MqttException, IOException, InterruptedException {
        String requestId = "req-" + requestIds.incrementAndGet();
        KuraPayload.Builder payload = KuraPayload.newBuilder().setTimestamp(System.currentTimeMillis())
                .addMetric(metric("request.id", requestId)).addMetric(metric("requester.client.id", requester));
        new LinkedHashMap<>(metrics).forEach((name, value) -> payload.addMetric(metric(name, value)));
        if (body != null) {
            payload.setBody(ByteString.copyFrom(body));
        }
        client.publish("$EDC/" + account + "/" + gateway + "/" + app + "/" + resource, payload.build().toByteArray(),
                1, false);
        String replyTopic = "$EDC/" + account + "/" + requester + "/" + app + "/REPLY/" + requestId;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitS);
        while (System.nanoTime() < deadline) {
            for (Received message : received) {
                if (message.topic().equals(replyTopic)) {
                    return decode(message.payload());
                }
            }
            whileWaiting.check();
            Thread.sleep(100);
        }
        return null;
    }

    /** The decoded notifications from {@code gateway} on {@code $EDC/account/requester/app/NOTIFY/gateway/resource}. */
    List<KuraPayload> notifications(String gateway, String app, String resource) throws IOException {
        return messages("$EDC/" + account + "/" + requester + "/" + app + "/NOTIFY/" + gateway + "/" + resource);
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 1000, false);
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }

    // ---- Kura payloads ------------------------------------------------------------------------------------------

    /** A KuraPayload as sent, gzipped or not. */
    static KuraPayload decode(byte[] wire) throws IOException {
        return KuraPayload.parseFrom(KuraProtoc.isGzip(wire)
                ? new GZIPInputStream(new ByteArrayInputStream(wire)).readAllBytes() : wire);
    }

    /** A metric of the value's type: Long as INT64, Boolean as BOOL, anything else as its text. */
    static KuraMetric metric(String name, Object value) {
        KuraMetric.Builder metric = KuraMetric.newBuilder().setName(name);
        if (value instanceof Long number) {
            return metric.setType(KuraMetric.ValueType.INT64).setLongValue(number).build();
        }
        if (value instanceof Boolean bool) {
            return metric.setType(KuraMetric.ValueType.BOOL).setBoolValue(bool).build();
        }
        return metric.setType(KuraMetric.ValueType.STRING).setStringValue(String.valueOf(value)).build();
    }

    static KuraMetric find(KuraPayload payload, String name) {
        return payload.getMetricList().stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
    }

    static int intMetric(KuraPayload payload, String name) {
        KuraMetric metric = find(payload, name);
        return metric == null ? Integer.MIN_VALUE
                : metric.getType() == KuraMetric.ValueType.INT64 ? (int) metric.getLongValue() : metric.getIntValue();
    }

    static long longMetric(KuraPayload payload, String name) {
        KuraMetric metric = find(payload, name);
        return metric == null ? Long.MIN_VALUE
                : metric.getType() == KuraMetric.ValueType.INT32 ? metric.getIntValue() : metric.getLongValue();
    }

    static String stringMetric(KuraPayload payload, String name) {
        KuraMetric metric = find(payload, name);
        return metric == null ? null : metric.getStringValue();
    }
}
