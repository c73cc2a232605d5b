package org.edgeway.demo.internal.transit;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server that sends the same text lines to every connected client (what a sensor or GNSS receiver with an
 * "NMEA over TCP" output does). Each client has its own bounded queue and sender thread, so a slow or stuck client
 * never holds up the simulator or the other clients; a client whose queue overflows is disconnected. Whatever the
 * clients send is ignored.
 */
final class LineBroadcaster implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LineBroadcaster.class);
    private static final int QUEUE_LINES = 10_000;

    private final String name;
    private final String lineEnd;
    private final Supplier<List<String>> greeting;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Client> clients = new ArrayList<>();
    private final AtomicInteger clientNumbers = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Listens at once.
     *
     * @param name for thread names and log lines, for example {@code nmea}
     * @param lineEnd appended to every line ({@code "\r\n"} for NMEA)
     * @param greeting lines a new client gets first (called under the broadcaster's lock, see {@link #publish})
     * @throws IOException naming address and port when the port cannot be bound
     */
    LineBroadcaster(String name, InetAddress address, int port, String lineEnd, Supplier<List<String>> greeting)
            throws IOException {
        this.name = name;
        this.lineEnd = lineEnd;
        this.greeting = greeting;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            server.close();
            throw new IOException("demo " + name + " server cannot listen on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        this.acceptor = new Thread(this::acceptLoop, "edgeway-demo-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized int clientCount() {
        return clients.size();
    }

    /** Waits until at least {@code count} clients are connected (tests). */
    synchronized boolean awaitClients(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clients.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Computes lines and sends them to every client, atomically with respect to new clients: a client either gets
     * the greeting before these lines, or a greeting that already reflects them. The supplier may update the state
     * the greeting reads.
     */
    synchronized void publish(Supplier<List<String>> lines) {
        List<String> computed = lines.get();
        for (Client client : List.copyOf(clients)) {
            for (String line : computed) {
                if (!client.queue.offer(line)) {
                    LOG.warn("demo {} client {} does not keep up ({} lines queued): disconnecting it", name,
                            client.remote, QUEUE_LINES);
                    client.close();
                    break;
                }
            }
        }
    }

    void broadcast(List<String> lines) {
        publish(() -> lines);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the demo {} server: {}", name, e.toString());
        }
        List<Client> all;
        synchronized (this) {
            all = List.copyOf(clients);
            clients.clear();
        }
        all.forEach(Client::close);
        join(acceptor);
        all.forEach(client -> join(client.sender));
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("demo {} server stopped accepting: {}", name, e.toString());
                }
                return;
            }
            Client client = new Client(socket);
            synchronized (this) {
                if (closed) {
                    client.close();
                    return;
                }
                greeting.get().forEach(client.queue::offer);
                clients.add(client);
                notifyAll();
            }
            LOG.info("demo {} server: client {} connected", name, client.remote);
            client.sender.start();
        }
    }

    private synchronized void remove(Client client) {
        clients.remove(client);
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Client {
        final Socket socket;
        final String remote;
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
        final Thread sender;

        Client(Socket socket) {
            this.socket = socket;
            this.remote = socket.getRemoteSocketAddress().toString();
            this.sender = new Thread(this::send, "edgeway-demo-" + name + "-client-" + clientNumbers.incrementAndGet());
            sender.setDaemon(true);
        }

        private void send() {
            try (OutputStream out = socket.getOutputStream()) {
                while (!closed && !socket.isClosed()) {
                    String line = queue.take();
                    out.write((line + lineEnd).getBytes(StandardCharsets.UTF_8));
                    // write everything already queued before flushing, one segment per burst
                    for (String more = queue.poll(); more != null; more = queue.poll()) {
                        out.write((more + lineEnd).getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SocketException e) {
                LOG.info("demo {} server: client {} disconnected", name, remote);
            } catch (IOException e) {
                LOG.info("demo {} server: client {} disconnected: {}", name, remote, e.toString());
            } finally {
                remove(this);
                close();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing demo {} client {}: {}", name, remote, e.toString());
            }
            sender.interrupt();
        }
    }
}
