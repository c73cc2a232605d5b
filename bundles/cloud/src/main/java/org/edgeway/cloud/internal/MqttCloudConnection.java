package org.edgeway.cloud.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeway.api.cloud.CloudException;
import org.edgeway.api.cloud.CloudMetrics;
import org.edgeway.api.cloud.DeliveredMessage;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.ConnectionStatus;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.JsonPayloadCodec;
import org.edgeway.cloud.internal.store.Durability;
import org.edgeway.cloud.internal.store.MessageStore;
import org.edgeway.cloud.internal.store.OverflowPolicy;
import org.edgeway.cloud.internal.store.StoreFullException;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kura-compatible MQTT connection (a factory configuration per connection). Connects on activation and
 * reconnects with exponential backoff and jitter forever; sends the birth certificate on every connection, the
 * disconnect message on a clean stop, and registers a last will.
 *
 * <p>Every publish, data and replies alike, goes through a durable {@link MessageStore} in {@code var/data} before
 * the call returns; the {@link Forwarder} sends from there while connected and removes what the broker acknowledged.
 */
@Component(service = CloudPublisher.class, configurationPid = MqttCloudConnection.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // connect at startup, not when the first application asks for the service
        immediate = true,
        // the metatype default, repeated because DS does not apply metatype defaults to service properties
        property = CloudPublisher.CONNECTION_NAME + "=default")
@Designate(ocd = ConnectionConfig.class, factory = true)
public class MqttCloudConnection implements CloudPublisher {

    static final String FACTORY_PID = "org.edgeway.cloud.connection";
    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudConnection.class);
    private static final long APPS_COALESCE_MS = 1000;
    static final String METRICS_APP_ID = "EDGEWAY-V1";
    private static final int PRIORITY_METRICS = 8;

    private final ConnectionConfig config;
    private final GatewayIdentity identity;
    private final Topics topics;
    private final AppRateLimits rateLimits;
    private final KuraPayloadCodec protobuf = new KuraPayloadCodec();
    private final JsonPayloadCodec json = new JsonPayloadCodec();
    private final Backoff backoff;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService connector;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectionLosses = new AtomicLong();
    private volatile double deliveredPerSecond;
    private final ExecutorService requestWorkers;
    private final RequestDispatcher dispatcher;
    private final MessageStore store;
    private final Forwarder forwarder;
    private ScheduledFuture<?> pendingAppsNotice;
    private volatile ConnectionStatus status;
    private volatile boolean stopping;

    @Activate
    public MqttCloudConnection(ConnectionConfig config, BundleContext context, @Reference GatewayIdentity identity)
            throws MqttException {
        this.config = config;
        this.identity = identity;
        String clientId = config.client_id().isBlank() ? identity.info().id() : config.client_id().strip();
        this.topics = new Topics(config.control_prefix(), config.account(), clientId);
        this.rateLimits = new AppRateLimits(config.rate_limits(), System::nanoTime);
        this.backoff = new Backoff(config.reconnect_min_delay_ms(), config.reconnect_max_delay_ms(),
                () -> ThreadLocalRandom.current().nextDouble());
        // Paho keeps only what is on the wire, in memory: our store is what survives outages and crashes
        this.client = new MqttAsyncClient(config.broker_url(), clientId, new MemoryPersistence());
        client.setCallback(new Callback());
        this.store = MessageStore.open(storeFile(context, config.edgeway_cloud_connection()), new MessageStore.Limits(
                config.store_max_bytes(), config.store_max_messages(),
                OverflowPolicy.valueOf(config.store_overflow_policy()),
                config.store_max_age_s() > 0 ? Duration.ofSeconds(config.store_max_age_s()) : null),
                Durability.valueOf(config.store_durability()), Clock.systemUTC());
        this.forwarder = new Forwarder(store, client, config.inflight_max());
        Thread sender = new Thread(forwarder, "edgeway-cloud-sender-" + config.edgeway_cloud_connection());
        sender.setDaemon(true);
        sender.start();
        this.status = new ConnectionStatus(false, config.broker_url(), null, null, Instant.now());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-cloud-" + config.edgeway_cloud_connection());
            thread.setDaemon(true);
            return thread;
        });
        // requests run on their own small pool so that a slow handler never blocks MQTT traffic; when it is
        // saturated, new requests are answered 500 at once instead of piling up
        this.requestWorkers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread thread = new Thread(r, "edgeway-requests-" + config.edgeway_cloud_connection());
            thread.setDaemon(true);
            return thread;
        });
        this.dispatcher = new RequestDispatcher(topics, isJson() ? json::decode : protobuf::decode,
                config.max_payload_bytes(), requestWorkers,
                (topic, reply) -> enqueue(topic, reply, Qos.AT_LEAST_ONCE, PRIORITY_REPLY));
        connector.execute(this::connect);
        if (config.metrics_interval_s() > 0) {
            connector.scheduleAtFixedRate(new MetricsPublisher(), config.metrics_interval_s(),
                    config.metrics_interval_s(), TimeUnit.SECONDS);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRequestHandler(RequestHandler handler, Map<String, Object> properties) {
        Object appId = properties.get(RequestHandler.APP_ID);
        if (!(appId instanceof String id) || id.isBlank()) {
            LOG.warn("request handler {} ignored: it has no service property {}", handler, RequestHandler.APP_ID);
            return;
        }
        if (!dispatcher.addHandler(id, handler)) {
            LOG.warn("request handler {} ignored: application {} already has a handler", handler, id);
            return;
        }
        announceApplicationsSoon();
    }

    void removeRequestHandler(RequestHandler handler, Map<String, Object> properties) {
        if (properties.get(RequestHandler.APP_ID) instanceof String id) {
            dispatcher.removeHandler(id, handler);
            announceApplicationsSoon();
        }
    }

    @Override
    public void publish(String appId, String appTopic, Payload payload, Qos qos, int priority) {
        enqueue(dataTopic(appId, appTopic, priority), payload, qos, priority);
    }

    @Override
    public void publishNotification(String requesterClientId, String appId, String resource, Payload payload) {
        // like a reply: not paced by the application's data rate limit
        enqueue(topics.notification(requesterClientId, appId, resource), payload, Qos.AT_LEAST_ONCE, PRIORITY_REPLY);
    }

    /** Validates an application's publish and returns its topic, after waiting for the application's rate limit. */
    private String dataTopic(String appId, String appTopic, int priority) {
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority must be between 0 and 9, was " + priority);
        }
        String topic = topics.data(appId, appTopic);
        rateLimits.acquire(appId);
        return topic;
    }

    @Override
    public CompletionStage<Void> publishAsync(String appId, String appTopic, Payload payload, Qos qos, int priority) {
        String topic = dataTopic(appId, appTopic, priority);
        CompletableFuture<Long> durable;
        try {
            durable = store.appendAsync(topic, encodeWithinLimit(topic, payload), qos.level(), priority);
        } catch (StoreFullException e) {
            throw new CloudException(e.getMessage(), e);
        }
        accepted.incrementAndGet();
        forwarder.wakeUp();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        durable.whenComplete((id, failure) -> { // on the store's completion thread
            if (failure == null) {
                stored.complete(null);
            } else {
                stored.completeExceptionally(new CloudException("message for " + topic + " was not stored: "
                        + failure.getMessage(), failure));
            }
        });
        return stored;
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    @Override
    public List<DeliveredMessage> recentDeliveries() {
        return forwarder.recentDeliveries();
    }

    @Override
    public CloudMetrics metrics() {
        MessageStore.Stats stats = store.stats();
        return new CloudMetrics(stats.messages(), stats.bytes(), accepted.get(), forwarder.delivered(), stats.dropped(),
                stats.expired(), connects.get(), connectionLosses.get(), deliveredPerSecond, status.lastError());
    }

    /** Publishes {@link #metrics()} every interval, and measures the delivery rate over that interval. */
    private final class MetricsPublisher implements Runnable {
        private long lastDelivered;
        private long lastNanos = System.nanoTime();

        @Override
        public void run() {
            long now = System.nanoTime();
            long delivered = forwarder.delivered();
            deliveredPerSecond = (delivered - lastDelivered) / ((now - lastNanos) / 1e9);
            lastDelivered = delivered;
            lastNanos = now;
            CloudMetrics metrics = metrics();
            Payload.Builder payload = Payload.builder().timestamp(Instant.now())
                    .metric("queue.messages", metrics.queuedMessages())
                    .metric("queue.bytes", metrics.queuedBytes())
                    .metric("accepted", metrics.accepted())
                    .metric("delivered", metrics.delivered())
                    .metric("delivered.per.second", metrics.deliveredPerSecond())
                    .metric("dropped", metrics.dropped())
                    .metric("expired", metrics.expired())
                    .metric("connects", metrics.connects())
                    .metric("connection.losses", metrics.connectionLosses())
                    .metric("connected", status.connected());
            if (metrics.lastError() != null) {
                payload.metric("last.error", metrics.lastError());
            }
            try {
                // below application data: metrics about the queue must not crowd out what is queued
                enqueue(topics.data(METRICS_APP_ID, "cloud/" + topicSafe(config.edgeway_cloud_connection())),
                        payload.build(), Qos.AT_MOST_ONCE, PRIORITY_METRICS);
            } catch (RuntimeException e) {
                LOG.debug("cloud metrics not queued: {}", e.getMessage());
            }
        }
    }

    private static String topicSafe(String text) {
        return text.replaceAll("[+#/\\u0000]", "_");
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        connector.shutdownNow();
        requestWorkers.shutdownNow();
        forwarder.stop();
        try {
            if (client.isConnected()) {
                // straight to the connection, not through the store: a DC is only true now
                MqttMessage dc = new MqttMessage(encode(BirthCertificate.disconnect(identity.info(), identity.uptime())));
                dc.setQos(0);
                client.publish(topics.control("MQTT", "DC"), dc);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.warn("cloud connection {}: unclean disconnect: {}", config.edgeway_cloud_connection(), e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("closing the MQTT client failed", e);
            }
            store.close(); // completes every outstanding publishAsync stage
        }
    }

    /** Stores the message durably (per the durability setting) and wakes the forwarder. */
    private void enqueue(String topic, Payload payload, Qos qos, int priority) {
        byte[] bytes = encodeWithinLimit(topic, payload);
        try {
            store.append(topic, bytes, qos.level(), priority);
        } catch (StoreFullException e) {
            throw new CloudException(e.getMessage(), e);
        }
        accepted.incrementAndGet();
        forwarder.wakeUp();
    }

    private byte[] encodeWithinLimit(String topic, Payload payload) {
        byte[] bytes = encode(payload);
        if (bytes.length > config.max_payload_bytes()) {
            throw new IllegalArgumentException("payload of " + bytes.length + " bytes for " + topic
                    + " exceeds the limit of " + config.max_payload_bytes() + " bytes");
        }
        return bytes;
    }

    /** {@code var/data/cloud-NAME.mv} in the instance home; the bundle's data area where there is no home. */
    private static Path storeFile(BundleContext context, String connectionName) {
        String home = context.getProperty("edgeway.home");
        String fileName = "cloud-" + connectionName.replaceAll("[^A-Za-z0-9_.-]", "_") + ".mv";
        Path directory = home != null ? Path.of(home, "var", "data") : context.getDataFile("").toPath();
        return directory.resolve(fileName);
    }

    private byte[] encode(Payload payload) {
        return isJson() ? json.encode(payload) : protobuf.encodeForWire(payload);
    }

    private boolean isJson() {
        return config.payload_encoding().equals("json");
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setKeepAliveInterval(config.keep_alive_s());
        options.setCleanSession(config.clean_session());
        options.setConnectionTimeout(config.connect_timeout_s());
        options.setMaxInflight(config.inflight_max());
        options.setAutomaticReconnect(false);
        if (!config.username().isBlank()) {
            options.setUserName(config.username());
            options.setPassword(config.password().toCharArray());
        }
        options.setWill(topics.control("MQTT", "LWT"),
                encode(BirthCertificate.disconnect(identity.info(), identity.uptime())), 0, false);
        try {
            if (config.broker_url().startsWith("ssl://")) {
                // read on every attempt: a missing or bad file is reported and retried like a network error,
                // and renewed certificates are picked up on the next connect
                options.setSocketFactory(PemTls.socketFactory(pemFile(config.tls_ca_file()),
                        pemFile(config.tls_cert_file()), pemFile(config.tls_key_file()), null));
                options.setHttpsHostnameVerificationEnabled(true);
            }
            client.connect(options).waitForCompletion();
            failures.set(0);
            connects.incrementAndGet();
            status = new ConnectionStatus(true, config.broker_url(), Instant.now(), status.lastError(), null);
            LOG.info("cloud connection {} connected to {} as {}", config.edgeway_cloud_connection(),
                    config.broker_url(), topics.clientId());
            client.subscribe(topics.controlSubscription(), 1);
            String birthTopic = topics.control("MQTT", "BIRTH");
            Payload birth = birthCertificate();
            try {
                // the birth certificate is the most urgent message, so it goes out before anything that waited
                enqueue(birthTopic, birth, Qos.AT_LEAST_ONCE, PRIORITY_LIFECYCLE);
            } catch (CloudException e) {
                // a full store that rejects new messages: a birth is only true for this connection anyway (like
                // DC), so it goes straight to the connection, ahead of what waits in the store
                LOG.info("cloud connection {}: store full, birth certificate sent directly: {}",
                        config.edgeway_cloud_connection(), e.getMessage());
                MqttMessage direct = new MqttMessage(encode(birth));
                direct.setQos(1);
                client.publish(birthTopic, direct);
            }
            forwarder.online();
        } catch (MqttException | RuntimeException e) {
            scheduleReconnect(describe(e));
        }
    }

    private Payload birthCertificate() {
        return BirthCertificate.build(identity.info(), identity.uptime(), dispatcher.applicationIds(),
                config.payload_encoding());
    }

    /**
     * Announces a changed set of applications with an APPS message. Handlers come and go in bursts (a bundle with
     * several, a restart), so changes within a second are coalesced into one message.
     */
    private synchronized void announceApplicationsSoon() {
        if (pendingAppsNotice != null) {
            pendingAppsNotice.cancel(false);
        }
        try {
            pendingAppsNotice = connector.schedule(() -> {
                if (client.isConnected()) {
                    enqueue(topics.control("MQTT", "APPS"), birthCertificate(), Qos.AT_LEAST_ONCE, PRIORITY_LIFECYCLE);
                }
            }, APPS_COALESCE_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated meanwhile
        }
    }

    private void scheduleReconnect(String error) {
        if (stopping) {
            return;
        }
        long delay = backoff.delayMs(failures.incrementAndGet());
        Instant since = status.connected() ? Instant.now() : status.since();
        status = new ConnectionStatus(false, config.broker_url(), since, error, Instant.now().plusMillis(delay));
        LOG.warn("cloud connection {} to {}: {}; retrying in {} ms", config.edgeway_cloud_connection(),
                config.broker_url(), error, delay);
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated meanwhile
        }
    }

    private static Path pemFile(String file) {
        return file.isBlank() ? null : Path.of(file.strip());
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = e.getMessage();
        return cause == e ? message : message + " (" + cause + ")";
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // handled where connect() completes
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectionLosses.incrementAndGet();
            forwarder.offline();
            scheduleReconnect("connection lost: " + describe(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            dispatcher.dispatch(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // acknowledged through the forwarder's per-message listener
        }
    }
}
