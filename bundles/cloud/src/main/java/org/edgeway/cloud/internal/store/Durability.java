package org.edgeway.cloud.internal.store;

/**
 * When a {@link MessageStore#append} may return, relative to the data reaching the disk. See the class javadoc of
 * {@link MessageStore} for what each mode costs.
 */
public enum Durability {

    /**
     * Default. {@code append} returns after the message was committed and the file was fsync'ed. Survives a broker
     * outage, a killed process and a power cut. Concurrent appenders share one commit and one fsync (group commit).
     */
    SYNC,

    /**
     * {@code append} returns after the message was committed, that is handed to the operating system with a write;
     * there is no fsync. Survives a killed process, not a power cut (the OS may not have written its cache yet; in
     * the worst case the file is unreadable afterwards, is moved aside and the queue starts empty).
     */
    COMMIT,

    /**
     * {@code append} returns at once; a background thread commits and fsyncs whatever was appended every batch
     * interval. A crash of any kind may lose the messages of the last interval.
     */
    BATCH
}
