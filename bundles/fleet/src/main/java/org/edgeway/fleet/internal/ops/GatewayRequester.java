package org.edgeway.fleet.internal.ops;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.edgeway.codec.PayloadFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's side of the Kura request/response contract (wire-contract.md): one MQTT connection with its own
 * client id that publishes requests to {@code $EDC/ACCOUNT/CLIENT-ID/APP/VERB/RESOURCE} and receives replies on
 * {@code $EDC/ACCOUNT/OWN-ID/+/REPLY/#} and deployment notifications on {@code $EDC/ACCOUNT/OWN-ID/DEPLOY-V2/NOTIFY/#}.
 *
 * <p>Whatever arrives is parsed here and only well-formed answers reach the listener: a message that is not a
 * KuraPayload, too large, on an unexpected topic, or misses {@code response.code} is logged and dropped, never
 * thrown. The first connection is retried with backoff (1 s to 30 s); after that Paho reconnects by itself, buffering
 * requests published meanwhile, and the subscriptions are made again on every connection (clean session).
 */
final class GatewayRequester implements GatewayTransport {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRequester.class);

    static final String REQUEST_ID = "request.id";
    static final String REQUESTER = "requester.client.id";
    static final String RESPONSE_CODE = "response.code";
    static final String RESPONSE_MESSAGE = "response.exception.message";
    static final String DEPLOY_APP = "DEPLOY-V2";
    /** Replies and notifications are small; a package list of a large gateway is some kilobytes. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final int QOS = 1;
    /** Requests of one stage are published at once: Paho's default of 10 in flight would refuse most. */
    static final int MAX_INFLIGHT = 1000;
    /** How long send() waits for room when that many are in flight. */
    private static final long INFLIGHT_WAIT_MS = 10_000;
    private static final int BUFFER_SIZE = 10_000;
    private static final long RECONNECT_FIRST_MS = 1_000;
    private static final long RECONNECT_MAX_MS = 30_000;

    private final RequesterSettings settings;
    private final ScheduledExecutorService scheduler;
    private final MqttAsyncClient client;
    /** Notified whenever the broker acknowledges a request: a sender waiting for in-flight room wakes up. */
    private final Object delivered = new Object();
    private final MqttConnectOptions options;
    private final KuraPayloadCodec codec = new KuraPayloadCodec(MAX_PAYLOAD_BYTES);
    private final String replyPrefix;

    private volatile Listener listener;
    private volatile boolean closed;
    private volatile boolean subscribed;
    /** Guarded by this. */
    private long reconnectDelayMs = RECONNECT_FIRST_MS;

    /**
     * @param scheduler where the first connection is retried (no work runs on it; connecting is asynchronous)
     * @throws IllegalArgumentException if Paho does not accept the broker URL
     */
    GatewayRequester(RequesterSettings settings, ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.replyPrefix = "$EDC/" + settings.account() + "/" + settings.clientId() + "/";
        try {
            this.client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.brokerUrl() + ": "
                    + e.getMessage(), e);
        }
        options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_INFLIGHT);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        char[] password = settings.password();
        if (password != null) {
            options.setPassword(password);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(BUFFER_SIZE);
        buffer.setPersistBuffer(false);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
    }

    @Override
    public String requesterId() {
        return settings.clientId();
    }

    @Override
    public boolean ready() {
        return subscribed && client.isConnected();
    }

    String[] subscriptions() {
        return new String[] {replyPrefix + "+/REPLY/#", replyPrefix + DEPLOY_APP + "/NOTIFY/#"};
    }

    @Override
    public void start(Listener answers) {
        this.listener = Objects.requireNonNull(answers, "listener");
        client.setCallback(new Callback());
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    synchronized (GatewayRequester.this) {
                        reconnectDelayMs = RECONNECT_FIRST_MS;
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    retryConnect(failure);
                }
            });
        } catch (MqttException e) {
            retryConnect(e);
        }
    }

    private void retryConnect(Throwable failure) {
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = reconnectDelayMs;
            reconnectDelayMs = Math.min(reconnectDelayMs * 2, RECONNECT_MAX_MS);
        }
        LOG.warn("fleet operations: cannot connect to {} as {} ({}); retrying in {} ms", settings.brokerUrl(),
                settings.clientId(), describe(failure), delay);
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void subscribe() {
        String[] topics = subscriptions();
        try {
            client.subscribe(topics, new int[] {QOS, QOS}, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    boolean all = granted != null && granted.length == topics.length;
                    for (int i = 0; all && i < granted.length; i++) {
                        all = granted[i] != 0x80;
                    }
                    subscribed = all;
                    if (all) {
                        LOG.info("fleet operations: requester {} connected to {}", settings.clientId(),
                                settings.brokerUrl());
                    } else {
                        LOG.error("fleet operations: the broker refused the subscriptions {} of {}: replies will "
                                + "not arrive (check its ACLs)", String.join(", ", topics), settings.clientId());
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    subscribed = false;
                    LOG.error("fleet operations: subscribing failed: {}", describe(failure));
                }
            });
        } catch (MqttException e) {
            LOG.error("fleet operations: subscribing failed: {}", describe(e));
        }
    }

    @Override
    public void send(Request request) {
        if (closed) {
            throw new IllegalStateException("the requester is closed");
        }
        Payload.Builder payload = Payload.builder().timestamp(java.time.Instant.now());
        request.metrics().forEach(payload::metric);
        payload.metric(REQUEST_ID, request.requestId()).metric(REQUESTER, settings.clientId());
        payload.body(request.body());
        String topic = "$EDC/" + settings.account() + "/" + request.clientId() + "/" + request.app() + "/"
                + request.verb() + "/" + request.resource();
        byte[] bytes = codec.encodeForWire(payload.build());
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INFLIGHT_WAIT_MS);
        while (true) {
            try {
                client.publish(topic, bytes, QOS, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > giveUp) {
                    throw new IllegalStateException("cannot publish the request to " + settings.brokerUrl() + ": "
                            + describe(e), e);
                }
            }
            try {
                synchronized (delivered) {
                    // woken by the next acknowledgement; the short bound covers one that came before this wait
                    delivered.wait(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the broker held " + MAX_INFLIGHT
                        + " requests in flight", e);
            }
        }
    }

    // ---- answers -----------------------------------------------------------------------------------------------

    /** Parses one message; never throws. Package-private for tests that feed hostile messages directly. */
    void received(String topic, byte[] bytes) {
        Listener target = listener;
        if (target == null || topic == null) {
            return;
        }
        try {
            if (!topic.startsWith(replyPrefix)) {
                drop(topic, "not a topic of this requester");
                return;
            }
            String[] levels = topic.substring(replyPrefix.length()).split("/", -1);
            if (bytes == null || bytes.length > MAX_PAYLOAD_BYTES) {
                drop(topic, "payload missing or larger than " + MAX_PAYLOAD_BYTES + " bytes");
                return;
            }
            if (levels.length == 3 && levels[1].equals("REPLY") && !levels[0].isEmpty() && !levels[2].isEmpty()) {
                reply(topic, levels[0], levels[2], bytes).ifPresent(target::reply);
            } else if (levels.length == 4 && levels[0].equals(DEPLOY_APP) && levels[1].equals("NOTIFY")
                    && !levels[2].isEmpty()) {
                notification(topic, levels[2], levels[3], bytes).ifPresent(target::notification);
            } else {
                drop(topic, "neither a reply nor a deployment notification");
            }
        } catch (RuntimeException e) {
            // a listener or parsing bug must not take the MQTT connection down with it
            LOG.warn("fleet operations: message on {} dropped: {}", OpsCheck.shorten(topic, 200), e.toString());
        }
    }

    private Optional<Reply> reply(String topic, String app, String requestId, byte[] bytes) {
        Payload payload = decode(topic, bytes);
        if (payload == null) {
            return Optional.empty();
        }
        Optional<String> echoed = text(payload, REQUEST_ID);
        if (echoed.isPresent() && !echoed.get().equals(requestId)) {
            drop(topic, "its request.id differs from the topic's");
            return Optional.empty();
        }
        Optional<Long> code = number(payload, RESPONSE_CODE);
        if (code.isEmpty() || code.get() < 100 || code.get() > 999) {
            drop(topic, "no numeric response.code");
            return Optional.empty();
        }
        return Optional.of(new Reply(app, requestId, code.get().intValue(), text(payload, RESPONSE_MESSAGE)
                .orElse(null), payload.body()));
    }

    private Optional<Notification> notification(String topic, String clientId, String phase, byte[] bytes) {
        if (!phase.equals("download") && !phase.equals("install") && !phase.equals("uninstall")) {
            drop(topic, "unknown notification resource");
            return Optional.empty();
        }
        Payload payload = decode(topic, bytes);
        if (payload == null) {
            return Optional.empty();
        }
        Optional<String> jobId = payload.metric("job.id").map(Metric::value).filter(v -> !(v instanceof byte[]))
                .map(String::valueOf).filter(id -> !id.isEmpty() && id.length() <= 64);
        Optional<String> status = text(payload, "dp." + phase + ".status");
        if (jobId.isEmpty() || status.isEmpty()) {
            drop(topic, "no job.id or dp." + phase + ".status");
            return Optional.empty();
        }
        Integer progress = number(payload, "dp." + phase + ".progress").filter(p -> p >= 0 && p <= 100)
                .map(Long::intValue).orElse(null);
        return Optional.of(new Notification(clientId, phase, jobId.get(), status.get(), progress,
                text(payload, "dp." + phase + ".error.message").orElse(null)));
    }

    private Payload decode(String topic, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (PayloadFormatException e) {
            drop(topic, "not a KuraPayload: " + e.getMessage());
            return null;
        }
    }

    private static Optional<String> text(Payload payload, String name) {
        return payload.metric(name).map(Metric::value).filter(String.class::isInstance).map(String.class::cast);
    }

    /** A number of any integral metric type, or its text (Kura clients are not strict about types). */
    private static Optional<Long> number(Payload payload, String name) {
        Optional<Object> value = payload.metric(name).map(Metric::value);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (v instanceof Integer || v instanceof Long) {
            return Optional.of(((Number) v).longValue());
        }
        if (v instanceof String s && s.strip().matches("-?\\d{1,9}")) {
            return Optional.of(Long.parseLong(s.strip()));
        }
        return Optional.empty();
    }

    private static void drop(String topic, String why) {
        LOG.warn("fleet operations: message on {} dropped: {}", OpsCheck.shorten(topic, 200),
                OpsCheck.shorten(why, 300));
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException mqtt) {
            return mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")"
                    + (mqtt.getCause() != null ? ": " + mqtt.getCause().getMessage() : "");
        }
        return String.valueOf(e);
    }

    @Override
    public void close() {
        closed = true;
        subscribed = false;
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(4_000);
            }
        } catch (MqttException e) {
            LOG.debug("fleet operations: unclean disconnect: {}", describe(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("fleet operations: closing the MQTT client: {}", describe(e));
        }
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            subscribe();
        }

        @Override
        public void connectionLost(Throwable cause) {
            subscribed = false;
            if (!closed) {
                LOG.warn("fleet operations: connection to {} lost ({}); reconnecting", settings.brokerUrl(),
                        describe(cause));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            synchronized (delivered) {
                delivered.notifyAll(); // room for a request waiting in send()
            }
        }
    }
}
