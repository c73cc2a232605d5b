package org.edgeway.api.cloud;

/**
 * Counters of one cloud connection since it was (re)configured, and the state of its store-and-forward queue.
 *
 * @param queuedMessages messages waiting in the store (including those sent but not yet acknowledged)
 * @param queuedBytes    bytes waiting in the store
 * @param accepted       publish calls accepted into the store
 * @param delivered      messages acknowledged by the broker (QoS 1) or handed to the connection (QoS 0)
 * @param dropped        messages evicted because the store was full
 * @param expired        messages dropped unsent because they were older than the configured maximum age
 * @param connects       successful connections
 * @param connectionLosses connections lost after having been established
 * @param deliveredPerSecond delivery rate over the last metrics interval
 * @param lastError      the last connection error, or null
 */
public record CloudMetrics(long queuedMessages, long queuedBytes, long accepted, long delivered, long dropped,
        long expired, long connects, long connectionLosses, double deliveredPerSecond, String lastError) {
}
