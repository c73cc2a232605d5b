package org.edgeway.position.internal.source;

/** A receiver link that reports to a {@link SourceListener} from one thread of its own until closed. */
public interface PositionSource extends AutoCloseable {

    /** Starts the source's thread; called once. */
    void start();

    /** @return what the source reads from, for example {@code gpsd:127.0.0.1:2947} */
    String description();

    /** Stops the thread and closes the link; returns once the thread has ended (or a few seconds have passed). */
    @Override
    void close();

    /** A source that never reports: the {@code none} configuration. */
    static PositionSource none() {
        return new PositionSource() {
            @Override
            public void start() {
                // nothing to read
            }

            @Override
            public String description() {
                return "none";
            }

            @Override
            public void close() {
                // nothing to stop
            }
        };
    }
}
