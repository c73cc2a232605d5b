package org.edgeway.transit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.edgeway.api.cloud.CloudException;
import org.edgeway.api.cloud.CloudMetrics;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.ConnectionStatus;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Payload;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A connection that records what it stores, refuses while told to, and can fail a store later. */
    private static final class FakeCloud implements CloudPublisher {
        final List<String> stored = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        boolean refuse;
        boolean completeLater;

        @Override
        public void publish(String appId, String appTopic, Payload payload, Qos qos, int priority) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> publishAsync(String appId, String appTopic, Payload payload, Qos qos, int priority) {
            if (refuse) {
                throw new CloudException("queue full");
            }
            stored.add(appTopic + ":" + payload.stringMetric("n").orElse(""));
            CompletableFuture<Void> future = new CompletableFuture<>();
            if (completeLater) {
                pending.add(future);
            } else {
                future.complete(null);
            }
            return future;
        }

        @Override
        public ConnectionStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CloudMetrics metrics() {
            throw new UnsupportedOperationException();
        }
    }

    private static Outbox.Message message(String topic, String n, boolean replaceable) {
        return new Outbox.Message(topic, Payload.builder().metric("n", n).build(), Qos.AT_LEAST_ONCE, replaceable);
    }

    @Test
    void withoutAConnectionMessagesWaitAndGoOutInOrderOnceOneIsThere() {
        Outbox outbox = new Outbox("APC-V1", 10);
        outbox.publish(message("stopvisit", "1", false), null);
        outbox.publish(message("stopvisit", "2", false), null);
        assertThat(outbox.size()).isEqualTo(2);
        FakeCloud cloud = new FakeCloud();
        outbox.flush(cloud);
        assertThat(cloud.stored).containsExactly("stopvisit:1", "stopvisit:2");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aRefusingConnectionKeepsTheMessagesForTheNextFlush() {
        Outbox outbox = new Outbox("APC-V1", 10);
        FakeCloud cloud = new FakeCloud();
        cloud.refuse = true;
        outbox.publish(message("stopvisit", "1", false), cloud);
        assertThat(outbox.size()).isEqualTo(1);
        cloud.refuse = false;
        outbox.flush(cloud);
        assertThat(cloud.stored).containsExactly("stopvisit:1");
    }

    @Test
    void aStoreThatFailsLaterPutsTheMessageBack() {
        Outbox outbox = new Outbox("APC-V1", 10);
        FakeCloud cloud = new FakeCloud();
        cloud.completeLater = true;
        outbox.publish(message("stopvisit", "1", false), cloud);
        assertThat(outbox.size()).isZero();
        cloud.pending.get(0).completeExceptionally(new CloudException("disk full"));
        assertThat(outbox.size()).isEqualTo(1);
        cloud.completeLater = false;
        outbox.flush(cloud);
        assertThat(cloud.stored).containsExactly("stopvisit:1", "stopvisit:1");
    }

    @Test
    void whenFullOccupancyUpdatesGoBeforeStopVisits() {
        Outbox outbox = new Outbox("APC-V1", 3);
        outbox.publish(message("stopvisit", "1", false), null);
        outbox.publish(message("occupancy", "2", true), null);
        outbox.publish(message("stopvisit", "3", false), null);
        outbox.publish(message("stopvisit", "4", false), null);
        FakeCloud cloud = new FakeCloud();
        outbox.flush(cloud);
        assertThat(cloud.stored).containsExactly("stopvisit:1", "stopvisit:3", "stopvisit:4");
    }
}
