package org.edgeway.api.cloud;

import org.edgeway.api.payload.Payload;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes application data to the cloud on the Kura data topic
 * {@code {account}/{client-id}/{appId}/{appTopic}}.
 *
 * <p>The runtime registers one {@code CloudPublisher} per cloud connection; the service property
 * {@link #CONNECTION_NAME} names it ({@code default} for the default connection). Publishing never blocks on
 * the network: a call that returns normally has handed the message to the connection, which sends it when
 * connected. Implementations are thread safe.
 *
 * <pre>{@code
 * @Reference(target = "(edgeway.cloud.connection=default)")
 * private CloudPublisher cloud;
 * ...
 * cloud.publish("METER-V1", "depot1/meter7", payload, Qos.AT_LEAST_ONCE, CloudPublisher.PRIORITY_DATA);
 * }</pre>
 */
@ProviderType
public interface CloudPublisher {

    /** Service property naming the cloud connection a publisher belongs to. */
    String CONNECTION_NAME = "edgeway.cloud.connection";

    /** Priority of lifecycle messages (birth, disconnect); lower numbers are sent first. */
    int PRIORITY_LIFECYCLE = 0;
    /** Priority of replies to cloud requests. */
    int PRIORITY_REPLY = 1;
    /** Default priority of application data. */
    int PRIORITY_DATA = 7;

    /**
     * Publishes a payload.
     *
     * @param appId    the application id, the first topic segment after the client id (e.g. {@code METER-V1})
     * @param appTopic the rest of the topic below the application id, may be empty; segments separated by {@code /}
     * @param payload  what to publish
     * @param qos      the quality of service
     * @param priority 0 (most urgent) to 9; within a priority, messages are sent in publish order
     * @throws IllegalArgumentException if the application id or topic is invalid (empty segment, {@code +},
     *                                  {@code #}), the priority is out of range, or the encoded payload is
     *                                  larger than the connection accepts; the message names the problem
     * @throws CloudException           if the message cannot be accepted now
     */
    void publish(String appId, String appTopic, Payload payload, Qos qos, int priority);

    /**
     * Publishes a payload at least once with the default data priority.
     *
     * @param appId    the application id
     * @param appTopic the topic below the application id
     * @param payload  what to publish
     * @throws IllegalArgumentException if the topic is invalid or the payload too large
     * @throws CloudException           if the message cannot be accepted now
     */
    default void publish(String appId, String appTopic, Payload payload) {
        publish(appId, appTopic, payload, Qos.AT_LEAST_ONCE, PRIORITY_DATA);
    }

    /**
     * Returns the state of the connection behind this publisher.
     *
     * @return a snapshot of the connection state
     */
    ConnectionStatus status();

    /**
     * Returns the counters of the connection and the state of its queue.
     *
     * @return a snapshot of the metrics
     * @since 1.1
     */
    CloudMetrics metrics();
}
