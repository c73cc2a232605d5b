package org.edgeway.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code HOME/var/edgeway.lock}, held while the gateway runs, so that two gateways never share a
 * bundle cache and configuration store. The operating system releases it when the process dies; the file itself stays
 * (deleting lock files invites races).
 */
final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(InstanceHome home) throws LaunchException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyRunning(home);
            }
            writeProcessId(channel);
            return new HomeLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            // the lock is held by this JVM: another launcher runs in-process
            closeQuietly(channel);
            throw alreadyRunning(home);
        } catch (LaunchException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw LaunchException.badInput(
                    "home directory '" + home.dir() + "' is not writable: " + Reasons.of(e));
        }
    }

    /** Helps an operator find the running gateway; nothing reads it. */
    private static void writeProcessId(FileChannel channel) throws IOException {
        channel.truncate(0);
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(pid), 0);
    }

    private static LaunchException alreadyRunning(InstanceHome home) {
        return LaunchException.badInput("another gateway is already running with home '" + home.dir() + "'");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: we are already reporting a failure
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
