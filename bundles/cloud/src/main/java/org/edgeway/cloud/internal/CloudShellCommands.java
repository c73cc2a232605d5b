package org.edgeway.cloud.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeway.api.cloud.CloudMetrics;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.ConnectionStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Gogo command {@code edgeway:cloud}: the state of every cloud connection. */
@Component(service = CloudShellCommands.class, property = {
        "osgi.command.scope=edgeway", "osgi.command.function=cloud" })
public class CloudShellCommands {

    private record Named(String name, CloudPublisher publisher) {
    }

    private final List<Named> publishers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPublisher(CloudPublisher publisher, Map<String, Object> properties) {
        publishers.add(new Named(String.valueOf(properties.get(CloudPublisher.CONNECTION_NAME)), publisher));
    }

    void removePublisher(CloudPublisher publisher) {
        publishers.removeIf(named -> named.publisher() == publisher);
    }

    public String cloud() {
        if (publishers.isEmpty()) {
            return "no cloud connection configured (etc/org.edgeway.cloud.connection-default.cfg)";
        }
        StringBuilder out = new StringBuilder();
        for (Named named : publishers) {
            ConnectionStatus status = named.publisher().status();
            out.append(named.name()).append("  ").append(status.brokerUrl()).append("  ")
                    .append(status.connected() ? "connected since " + status.since() : "disconnected");
            if (!status.connected() && status.nextRetry() != null) {
                out.append(", next retry ").append(status.nextRetry());
            }
            if (status.lastError() != null) {
                out.append("\n  last error: ").append(status.lastError());
            }
            CloudMetrics metrics = named.publisher().metrics();
            out.append(String.format("%n  queue: %d messages, %d bytes; accepted %d, delivered %d (%.1f/s), dropped %d,"
                    + " expired %d; connects %d, connections lost %d", metrics.queuedMessages(), metrics.queuedBytes(),
                    metrics.accepted(), metrics.delivered(), metrics.deliveredPerSecond(), metrics.dropped(),
                    metrics.expired(), metrics.connects(), metrics.connectionLosses()));
            out.append('\n');
        }
        return out.toString().strip();
    }
}
