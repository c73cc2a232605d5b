package org.edgeway.cloud.internal.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of one message (format version 1). Priority and id live in the key, so the value holds:
 *
 * <pre>
 *   byte    qos (0..2)
 *   long    storedAtMillis (big endian)
 *   ushort  length of the topic in UTF-8 bytes
 *   byte[]  topic, UTF-8
 *   byte[]  payload (the rest of the value)
 * </pre>
 *
 * A hand-written layout rather than Java serialization: it is 11 bytes of overhead instead of a class descriptor
 * per record, it does not depend on class names or fields (which change with refactoring and bundle versions), and
 * reading it back never instantiates arbitrary classes from bytes found in a file.
 */
final class RecordCodec {

    /** qos + storedAt + topic length. */
    static final int HEADER_BYTES = 1 + 8 + 2;
    /** MQTT limits a topic to 65535 bytes of UTF-8. */
    static final int MAX_TOPIC_BYTES = 0xFFFF;

    private RecordCodec() {
    }

    static byte[] topicBytes(String topic) {
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic is " + bytes.length + " bytes of UTF-8, at most " + MAX_TOPIC_BYTES
                    + " allowed");
        }
        return bytes;
    }

    static long recordSize(byte[] topicBytes, byte[] payload) {
        return (long) HEADER_BYTES + topicBytes.length + payload.length;
    }

    static byte[] encode(byte[] topicBytes, byte[] payload, int qos, long storedAtMillis) {
        long size = recordSize(topicBytes, payload);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("message of " + size + " bytes is too large to store");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        buffer.put((byte) qos);
        buffer.putLong(storedAtMillis);
        buffer.putShort((short) topicBytes.length);
        buffer.put(topicBytes);
        buffer.put(payload);
        return buffer.array();
    }

    static MessageStore.Message decode(long id, int priority, byte[] value) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            int qos = buffer.get();
            long storedAt = buffer.getLong();
            int topicLength = Short.toUnsignedInt(buffer.getShort());
            if (qos < 0 || qos > 2 || topicLength > buffer.remaining()) {
                throw new IllegalStateException("corrupt record " + id + ": qos " + qos + ", topic length " + topicLength
                        + " of " + value.length + " bytes");
            }
            String topic = new String(value, HEADER_BYTES, topicLength, StandardCharsets.UTF_8);
            byte[] payload = new byte[value.length - HEADER_BYTES - topicLength];
            System.arraycopy(value, HEADER_BYTES + topicLength, payload, 0, payload.length);
            return new MessageStore.Message(id, topic, payload, qos, priority, storedAt);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("corrupt record " + id + ": only " + value.length + " bytes", e);
        }
    }

    /** Reads only the time stamp, for expiry checks that do not need the rest. */
    static long storedAt(byte[] value) {
        if (value.length < HEADER_BYTES) {
            throw new IllegalStateException("corrupt record of " + value.length + " bytes");
        }
        return ByteBuffer.wrap(value, 1, 8).getLong();
    }
}
