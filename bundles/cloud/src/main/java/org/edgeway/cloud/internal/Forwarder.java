package org.edgeway.cloud.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.edgeway.api.cloud.DeliveredMessage;
import org.edgeway.api.cloud.Qos;
import org.edgeway.cloud.internal.store.MessageStore;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link MessageStore} into the MQTT connection: most urgent priority first, in order within a priority,
 * with up to {@code window} QoS 1 messages awaiting the broker's acknowledgement. A QoS 1 message leaves the store
 * only when the broker acknowledged it, so a lost connection or a crash resends it (at least once); a QoS 0 message
 * leaves the store when it is handed to the connection (at most once).
 */
final class Forwarder implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final MessageStore store;
    private final IMqttAsyncClient client;
    private final int window;
    /** With a full window, wait for this much room before reading the store again: fewer, larger reads. */
    private final int refill;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Per priority, the highest id handed to this connection (lock): the store is read on from there. */
    private final long[] sentUpTo = new long[MessageStore.LEAST_URGENT + 1];
    private final AtomicLong delivered = new AtomicLong();
    /** The last delivered messages, newest first (guarded by itself): a console's "recent publishes". */
    private final ArrayDeque<DeliveredMessage> recent = new ArrayDeque<>(RECENT);
    static final int RECENT = 20;
    private volatile boolean online;
    private volatile boolean running = true;
    /** Bumped on every connection, so that late callbacks of an old connection are told apart. */
    private volatile long session;

    Forwarder(MessageStore store, IMqttAsyncClient client, int window) {
        this.store = store;
        this.client = client;
        this.window = window;
        this.refill = Math.max(1, window / 10);
    }

    /** The connection is up (and the birth certificate is queued): start sending. */
    void online() {
        lock.lock();
        try {
            session++;
            inFlight.clear(); // unacknowledged messages of the last connection are sent again
            Arrays.fill(sentUpTo, 0);
            online = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is down: stop sending; what was in flight stays in the store. */
    void offline() {
        lock.lock();
        try {
            online = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Something was appended to the store. */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        running = false;
        wakeUp();
    }

    long delivered() {
        return delivered.get();
    }

    private void delivered(MessageStore.Message message) {
        delivered.incrementAndGet();
        DeliveredMessage record = new DeliveredMessage(Instant.now(), message.topic(), message.payload().length,
                message.qos() == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE);
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeLast();
            }
            recent.addFirst(record);
        }
    }

    /** The last {@value #RECENT} delivered messages, newest first. */
    List<DeliveredMessage> recentDeliveries() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    int inFlight() {
        return inFlight.size();
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<MessageStore.Message> batch = nextBatch();
                for (MessageStore.Message message : batch) {
                    send(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("forwarding paused: {}", e.toString());
                pause();
            }
        }
    }

    /** Waits until the connection is up, the window has room and the store has something to send. */
    private List<MessageStore.Message> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                int room = window - inFlight.size();
                if (online && room > 0 && (room >= refill || inFlight.isEmpty())) {
                    List<MessageStore.Message> batch = store.next(Math.min(room, 500), inFlight, sentUpTo);
                    if (!batch.isEmpty()) {
                        for (MessageStore.Message message : batch) {
                            sentUpTo[message.priority()] = Math.max(sentUpTo[message.priority()], message.id());
                        }
                        return batch;
                    }
                }
                // woken by append, acknowledgement or connection change; the timeout also expires old messages
                changed.await(1, java.util.concurrent.TimeUnit.SECONDS);
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void send(MessageStore.Message message) {
        if (!online) {
            sendAgainLater(message);
            return;
        }
        MqttMessage mqtt = new MqttMessage(message.payload());
        mqtt.setQos(message.qos());
        long sentIn = session;
        try {
            if (message.qos() == 0) {
                store.acknowledge(message.id());
                client.publish(message.topic(), mqtt);
                delivered(message);
                return;
            }
            inFlight.add(message.id());
            client.publish(message.topic(), mqtt, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (inFlight.remove(message.id())) {
                        store.acknowledge(message.id());
                        delivered(message);
                    }
                    wakeUp();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    // stays in the store; sent again on this connection or the next one
                    if (session == sentIn) {
                        inFlight.remove(message.id());
                        sendAgainLater(message);
                    }
                    wakeUp();
                }
            });
        } catch (MqttException e) {
            inFlight.remove(message.id());
            sendAgainLater(message);
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                pause(); // Paho's window is full: wait for acknowledgements
            } else {
                LOG.debug("publish of message {} failed: {}", message.id(), e.getMessage());
                pause();
            }
        }
    }

    /** The message stays in the store but was not sent: read the store from before it again. */
    private void sendAgainLater(MessageStore.Message message) {
        lock.lock();
        try {
            int priority = message.priority();
            sentUpTo[priority] = Math.min(sentUpTo[priority], message.id() - 1);
        } finally {
            lock.unlock();
        }
    }

    private void pause() {
        lock.lock();
        try {
            changed.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
