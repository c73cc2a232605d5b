package org.edgeway.api.cloud;

import java.time.Instant;
import java.util.Objects;

/**
 * A message the connection handed to the broker: acknowledged (QoS 1) or sent (QoS 0).
 *
 * @param time  when it was delivered
 * @param topic its full MQTT topic
 * @param bytes the size of its encoded payload
 * @param qos   its quality of service
 * @since 1.4
 */
public record DeliveredMessage(Instant time, String topic, int bytes, Qos qos) {

    /** Checks that nothing is missing. */
    public DeliveredMessage {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(qos, "qos");
    }
}
