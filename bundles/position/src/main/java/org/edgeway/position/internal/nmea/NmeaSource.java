package org.edgeway.position.internal.nmea;

import java.io.IOException;
import java.time.Clock;

import org.edgeway.position.internal.source.LineReader;
import org.edgeway.position.internal.source.ReconnectingSource;
import org.edgeway.position.internal.source.SourceListener;
import org.edgeway.position.internal.source.SourceSettings;

/**
 * An NMEA 0183 receiver on some byte link: reads lines (bounded to {@link NmeaParser#MAX_LENGTH}), reopens the link
 * with backoff when it fails, drops or stays silent for {@link SourceSettings#silenceTimeout()}.
 */
public abstract class NmeaSource extends ReconnectingSource {

    private final NmeaStream stream;

    /**
     * @param threadName  the source thread's name
     * @param description the source name, also written into each fix
     * @param settings    timing
     * @param clock       the gateway clock
     * @param listener    where the reports go
     */
    protected NmeaSource(String threadName, String description, SourceSettings settings, Clock clock,
            SourceListener listener) {
        super(threadName, description, settings, listener);
        this.stream = new NmeaStream(description, clock, listener);
    }

    /**
     * Opens the link, registering it with {@link #attach}, and reports {@link #sessionUp()}.
     *
     * @return its bytes, read with a timeout of {@link SourceSettings#pollInterval()}
     * @throws IOException when it cannot be opened
     */
    protected abstract LineReader.ByteSource open() throws IOException;

    @Override
    protected final void session() throws IOException {
        LineReader reader = new LineReader(open(), NmeaParser.MAX_LENGTH);
        long silenceNanos = settings.silenceTimeout().toNanos();
        long lastLine = System.nanoTime();
        try {
            while (!isClosed()) {
                LineReader.Line line = reader.readLine();
                long now = System.nanoTime();
                if (line == null) {
                    if (now - lastLine > silenceNanos) {
                        throw new IOException("no data for " + SourceSettings.format(settings.silenceTimeout()));
                    }
                    continue;
                }
                lastLine = now;
                if (stream.accept(line)) {
                    dataFlowing();
                }
            }
        } finally {
            stream.flush();
        }
    }
}
