package org.edgeway.position.internal.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines ending in LF (a CR before the LF is dropped), bounded in length.
 *
 * <p>Written here rather than using {@code BufferedReader}: that one keeps no bound on a line's length (a device that
 * never sends a newline would fill the heap), and a read timeout in the middle of a line makes its
 * {@code readLine()} lose the part of the line read so far. Here a timeout returns {@code null} and the partial
 * line stays buffered for the next call.
 */
public final class LineReader {

    /** Where the bytes come from: a socket or a serial port polled with a short read timeout. */
    @FunctionalInterface
    public interface ByteSource {
        /**
         * Reads what is there, waiting at most the poll interval.
         *
         * @return the number of bytes read, 0 when none arrived within the poll interval, -1 at the end of the stream
         * @throws IOException when the link failed
         */
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    /**
     * One line.
     *
     * @param text    the line without its CR LF, at most the maximum length (the beginning of a line that was too long)
     * @param tooLong true when the line was longer than the maximum: {@code text} is only a part of it (its first
     *                maximum length, or the start of a further part), and the rest up to the next LF is skipped
     */
    public record Line(String text, boolean tooLong) {
    }

    /** While a long line is skipped without a newline (a wrong baud rate?), it is reported again every 4 KiB. */
    static final int REPORT_AGAIN_AFTER = 4096;

    private final ByteSource source;
    private final int maxLength;
    private final byte[] buffer = new byte[4096];
    private int position;
    private int limit;
    private final byte[] line;
    private int lineLength;
    private boolean skipping;
    private int skipped;

    /**
     * @param source    the bytes
     * @param maxLength the longest line accepted, in bytes without CR LF
     */
    public LineReader(ByteSource source, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
        }
        this.source = source;
        this.maxLength = maxLength;
        this.line = new byte[maxLength + 1]; // + 1 for a CR that may precede the LF
    }

    private Line tooLong(int length) {
        String text = new String(line, 0, Math.min(length, maxLength), StandardCharsets.UTF_8);
        skipping = true;
        skipped = 0;
        lineLength = 0;
        return new Line(text, true);
    }

    /**
     * The next line. A line longer than the maximum is returned (as {@link Line#tooLong()}) as soon as the maximum is
     * exceeded, and again for every further {@value #REPORT_AGAIN_AFTER} bytes without a newline, so that a stream
     * without newlines (a wrong baud rate) still produces results; the rest of the line is skipped.
     *
     * @return the line, or null when no complete line arrived within one poll interval of the source
     * @throws EOFException at the end of the stream (an incomplete last line is dropped)
     * @throws IOException  when the source failed
     */
    public Line readLine() throws IOException {
        while (true) {
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                    lineLength = 0;
                    if (skipping) {
                        // the end of a line already reported as too long
                        skipping = false;
                        continue;
                    }
                    return new Line(new String(line, 0, length, StandardCharsets.UTF_8), false);
                }
                if (skipping) {
                    // keep the start of the skipped part, for the next report if no newline comes for a while
                    if (lineLength < maxLength) {
                        line[lineLength++] = b;
                    }
                    if (++skipped == REPORT_AGAIN_AFTER) {
                        return tooLong(lineLength);
                    }
                    continue;
                }
                // one byte over the maximum is allowed only if it is the CR of a CR LF
                if (lineLength == line.length || lineLength == maxLength && b != '\r') {
                    Line report = tooLong(maxLength);
                    line[lineLength++] = b;
                    skipped = 1;
                    return report;
                }
                line[lineLength++] = b;
            }
            int n = source.read(buffer, 0, buffer.length);
            if (n < 0) {
                throw new EOFException("end of stream");
            }
            if (n == 0) {
                return null;
            }
            position = 0;
            limit = n;
        }
    }
}
