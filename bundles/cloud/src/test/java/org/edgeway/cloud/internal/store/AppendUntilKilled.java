package org.edgeway.cloud.internal.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process of {@link MessageStoreCrashTest}: appends messages in SYNC mode and prints "id index" for each append
 * that returned, flushing every line, until it is killed. Never closes the store on purpose.
 */
public final class AppendUntilKilled {

    private AppendUntilKilled() {
    }

    static String topic(int index) {
        return "crash/" + index;
    }

    static byte[] payload(int index) {
        return ("payload of message " + index + " " + "x".repeat(index % 300)).getBytes(StandardCharsets.UTF_8);
    }

    static int priority(int index) {
        return index % 10;
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        MessageStore store = MessageStore.open(file, new MessageStore.Limits(1L << 30, 10_000_000, null, null),
                Durability.SYNC, Clock.systemUTC());
        for (int i = 0; i < count; i++) {
            long id = store.append(topic(i), payload(i), 1, priority(i));
            System.out.println(id + " " + i);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
    }
}
