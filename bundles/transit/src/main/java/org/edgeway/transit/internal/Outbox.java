package org.edgeway.transit.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.edgeway.api.cloud.CloudException;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds what the counting component publishes until the cloud connection has stored it. The connection's store
 * keeps messages across outages; this only bridges the moments without a connection service (configuration
 * changes, start-up) or with a store refusing new messages, so that no stop visit is lost then. Bounded: when
 * full, the oldest occupancy update goes first (a newer one follows), stop visits and trips only after them.
 */
final class Outbox {

    record Message(String topic, Payload payload, Qos qos, boolean replaceable) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final String appId;
    private final int capacity;
    private final Deque<Message> pending = new ArrayDeque<>();
    private boolean refusing;

    Outbox(String appId, int capacity) {
        this.appId = appId;
        this.capacity = capacity;
    }

    synchronized void publish(Message message, CloudPublisher cloud) {
        if (pending.size() >= capacity && !dropOldestReplaceable()) {
            Message dropped = pending.removeFirst();
            LOG.error("{} messages wait for the cloud connection; dropped the oldest ({}/{})", capacity, appId,
                    dropped.topic());
        }
        pending.addLast(message);
        flush(cloud);
    }

    /** Hands waiting messages to the connection; those it cannot take now stay, in order. */
    synchronized void flush(CloudPublisher cloud) {
        if (cloud == null) {
            return;
        }
        while (!pending.isEmpty()) {
            Message message = pending.peekFirst();
            try {
                cloud.publishAsync(appId, message.topic(), message.payload(), message.qos(), CloudPublisher.PRIORITY_DATA)
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                requeue(message, failure);
                            }
                        });
                pending.removeFirst();
                if (refusing) {
                    refusing = false;
                    LOG.info("the cloud connection takes {} messages again", appId);
                }
            } catch (CloudException e) {
                if (!refusing) {
                    refusing = true;
                    LOG.warn("the cloud connection refuses {} messages for now ({}); {} wait and are retried", appId,
                            e.getMessage(), pending.size());
                }
                return;
            } catch (IllegalArgumentException e) {
                pending.removeFirst();
                LOG.error("cannot publish {}/{}: {}", appId, message.topic(), e.getMessage());
            }
        }
    }

    synchronized int size() {
        return pending.size();
    }

    private synchronized void requeue(Message message, Throwable failure) {
        LOG.warn("the cloud connection could not store {}/{} ({}); retried", appId, message.topic(), failure.getMessage());
        pending.addFirst(message);
    }

    private boolean dropOldestReplaceable() {
        for (Iterator<Message> it = pending.iterator(); it.hasNext();) {
            if (it.next().replaceable()) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
