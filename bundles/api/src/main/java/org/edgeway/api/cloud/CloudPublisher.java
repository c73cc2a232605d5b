package org.edgeway.api.cloud;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
     * Publishes a payload without waiting for it to be stored: for publishers with many messages, which keep many
     * publishes outstanding instead of waiting for each. Validation is the same as {@link #publish} and happens before
     * this method returns; the returned stage completes once the message is stored as durably as the connection's
     * durability setting promises (from then on it survives a crash, a power cut or an outage just like a message
     * whose {@code publish} call returned), or exceptionally with a {@link CloudException} if it could not be stored.
     * A connection shares one disk flush among all the messages waiting for it, so this is much faster than calling
     * {@code publish} in a loop when every message is flushed. Stages complete on a thread of the connection; do not
     * block in dependent actions. A per-application rate limit, where one is configured, still paces the calls.
     *
     * <p>The default implementation publishes synchronously and returns a completed stage.
     *
     * @param appId    the application id
     * @param appTopic the topic below the application id
     * @param payload  what to publish
     * @param qos      the quality of service
     * @param priority 0 (most urgent) to 9
     * @return a stage completed once the message is stored
     * @throws IllegalArgumentException if the application id or topic is invalid, the priority is out of range, or
     *                                  the encoded payload is too large
     * @throws CloudException           if the message cannot be accepted now (for example the queue is full and
     *                                  configured to reject new messages)
     * @since 1.2
     */
    default CompletionStage<Void> publishAsync(String appId, String appTopic, Payload payload, Qos qos,
            int priority) {
        publish(appId, appTopic, payload, qos, priority);
        return CompletableFuture.completedFuture(null);
    }

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
     * Publishes a Kura notification to the client that sent a request: on the control topic
     * {@code $EDC/{account}/{requesterClientId}/{appId}/NOTIFY/{client-id}/{resource}}, at least once and with
     * {@link #PRIORITY_REPLY}, through the same durable queue as every other message. Request handlers use it to
     * report the progress of long jobs (for example DEPLOY-V2's download and install progress).
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the runtime's connections
     * implement it.
     *
     * @param requesterClientId the {@code requester.client.id} of the request being reported on
     * @param appId             the application id, e.g. {@code DEPLOY-V2}
     * @param resource          the resource below the gateway's client id, e.g. {@code download}; segments
     *                          separated by {@code /}
     * @param payload           the notification's metrics
     * @throws IllegalArgumentException if a topic segment is empty or holds {@code +}, {@code #} or {@code /}
     *                                  (other than between resource segments), or the payload is too large
     * @throws CloudException           if the message cannot be accepted now
     * @since 1.3
     */
    default void publishNotification(String requesterClientId, String appId, String resource, Payload payload) {
        throw new UnsupportedOperationException("this cloud connection cannot publish notifications");
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

    /**
     * Returns the messages this connection delivered last, newest first: what a local console shows as recent
     * publishes.
     * <p>The default implementation returns an empty list.
     * @return at most the last 20 delivered messages, newest first
     * @since 1.4
     */
    default List<DeliveredMessage> recentDeliveries() {
        return List.of();
    }
}
