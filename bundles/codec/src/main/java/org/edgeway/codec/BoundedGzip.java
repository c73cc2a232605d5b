package org.edgeway.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip helpers for the wire: compression, detection by magic bytes, and inflation under a hard size cap. */
final class BoundedGzip {

    private static final byte MAGIC_FIRST = (byte) 0x1f;
    private static final byte MAGIC_SECOND = (byte) 0x8b;
    private static final int INITIAL_BUFFER_BYTES = 8 * 1024;

    private BoundedGzip() {
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && data[0] == MAGIC_FIRST && data[1] == MAGIC_SECOND;
    }

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(32, data.length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(data);
        } catch (IOException e) {
            // a ByteArrayOutputStream never fails
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /**
     * Inflates gzip data, failing as soon as the output would exceed {@code maxInflatedBytes}. The buffer grows
     * by doubling but never beyond the cap, so a gzip bomb costs at most {@code maxInflatedBytes} of memory.
     */
    static byte[] inflate(byte[] gzipData, int maxInflatedBytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipData))) {
            byte[] buffer = new byte[Math.min(INITIAL_BUFFER_BYTES, maxInflatedBytes)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length == maxInflatedBytes) {
                        if (in.read() != -1) {
                            throw new PayloadFormatException("gzip payload inflates to more than the limit of "
                                    + maxInflatedBytes + " bytes");
                        }
                        return buffer;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxInflatedBytes));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read == -1) {
                    return Arrays.copyOf(buffer, length);
                }
                length += read;
            }
        } catch (EOFException e) {
            throw new PayloadFormatException("truncated gzip payload", e);
        } catch (IOException e) {
            throw new PayloadFormatException("corrupt gzip payload: " + e.getMessage(), e);
        }
    }
}
