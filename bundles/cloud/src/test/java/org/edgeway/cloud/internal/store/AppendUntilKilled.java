package org.edgeway.cloud.internal.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * Child process of {@link MessageStoreCrashTest}: appends messages in SYNC mode and prints "id index" for each append
 * that returned, flushing every line, until it is killed. Never closes the store on purpose. With a third argument
 * "async" it keeps up to {@link #ASYNC_OUTSTANDING} {@code appendAsync} calls outstanding and prints each when its
 * future completed.
 */
public final class AppendUntilKilled {

    static final int ASYNC_OUTSTANDING = 500;

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

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean async = args.length > 2 && args[2].equals("async");
        MessageStore store = MessageStore.open(file, new MessageStore.Limits(1L << 30, 10_000_000, null, null),
                Durability.SYNC, Clock.systemUTC());
        Semaphore outstanding = new Semaphore(ASYNC_OUTSTANDING);
        for (int i = 0; i < count; i++) {
            int index = i;
            if (async) {
                outstanding.acquire();
                store.appendAsync(topic(i), payload(i), 1, priority(i)).thenAccept(id -> {
                    print(id, index);
                    outstanding.release();
                });
            } else {
                print(store.append(topic(i), payload(i), 1, priority(i)), index);
            }
        }
        outstanding.acquire(ASYNC_OUTSTANDING);
        System.out.println("done");
        System.out.flush();
    }

    private static synchronized void print(long id, int index) {
        System.out.println(id + " " + index);
        System.out.flush();
    }
}
