package org.edgeway.transit.internal.jsonlines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into {@code \n}-terminated UTF-8 lines of bounded length. A longer line is dropped up to the
 * next newline and reported, so one runaway line neither fills the heap nor takes the following lines with it.
 * (BufferedReader.readLine has no bound.) A trailing {@code \r} is removed. Not thread-safe.
 */
final class LineReader {

    /**
     * A line, or a problem instead of one.
     *
     * @param text    the line, or null when there was a problem
     * @param problem why the line was dropped, or null
     */
    record Line(String text, String problem) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private final byte[] line;
    private int position;
    private int limit;
    private int length;
    private boolean discarding;
    private long discarded;
    private boolean lastWasCr;

    /**
     * @param in       the stream
     * @param maxBytes the longest line kept, in bytes without the newline
     */
    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes + 1]; // room for a \r after a line of maxBytes
    }

    /**
     * @return the next line or problem; null at the end of the stream (an unterminated last line is dropped: the
     *         connection ended in the middle of it)
     * @throws IOException when reading fails
     */
    Line next() throws IOException {
        while (true) {
            if (position == limit) {
                int n = in.read(buffer);
                if (n < 0) {
                    return null;
                }
                position = 0;
                limit = n;
                continue;
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (discarding) {
                    discarding = false;
                    length = 0;
                    long bytes = discarded - (lastWasCr ? 1 : 0);
                    return new Line(null, "line of " + bytes + " bytes exceeds " + maxBytes + " bytes: dropped");
                }
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                if (end > maxBytes) {
                    length = 0;
                    return new Line(null, "line of " + end + " bytes exceeds " + maxBytes + " bytes: dropped");
                }
                length = 0;
                try {
                    return new Line(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, 0, end))
                            .toString(), null);
                } catch (CharacterCodingException e) {
                    return new Line(null, "line is not UTF-8: dropped");
                }
            }
            if (discarding) {
                discarded++;
                lastWasCr = b == '\r';
            } else if (length == line.length) {
                discarding = true;
                discarded = length + 1L;
                lastWasCr = b == '\r';
            } else {
                line[length++] = b;
            }
        }
    }
}
