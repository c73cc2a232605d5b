package org.edgeway.cloud.internal.store;

/** What {@link MessageStore#append} does when the new message does not fit within the store's limits. */
public enum OverflowPolicy {

    /**
     * Default. Make room by dropping stored messages: the oldest message of the least urgent (numerically highest)
     * non-empty priority first, but never a message more urgent than the new one. If only more urgent messages would
     * have to go, nothing is dropped and the new message is rejected with {@link StoreFullException}. Each drop is
     * counted in {@link MessageStore.Stats#dropped()}.
     */
    DROP_OLDEST_LOWEST_PRIORITY,

    /** Keep what is stored and reject the new message with {@link StoreFullException}. */
    REJECT_NEW
}
