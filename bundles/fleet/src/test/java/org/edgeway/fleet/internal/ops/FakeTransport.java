package org.edgeway.fleet.internal.ops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** The requester in memory: records what would be published and lets the test answer as the gateways. */
final class FakeTransport implements GatewayTransport {

    final List<Request> sent = new CopyOnWriteArrayList<>();
    private final String requesterId;
    private volatile Listener listener;
    /** Sending to this gateway fails as a broker that cannot be reached would. */
    volatile String unreachable;

    FakeTransport(String requesterId) {
        this.requesterId = requesterId;
    }

    @Override
    public void start(Listener answers) {
        this.listener = answers;
    }

    @Override
    public void send(Request request) {
        if (request.clientId().equals(unreachable)) {
            throw new IllegalStateException("not connected to the broker");
        }
        sent.add(request);
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public String requesterId() {
        return requesterId;
    }

    @Override
    public void close() {
    }

    List<Request> to(String clientId) {
        return sent.stream().filter(r -> r.clientId().equals(clientId)).toList();
    }

    Request last(String clientId) {
        List<Request> requests = to(clientId);
        if (requests.isEmpty()) {
            throw new AssertionError("nothing was sent to " + clientId);
        }
        return requests.get(requests.size() - 1);
    }

    Set<String> receivers() {
        Set<String> clients = new TreeSet<>();
        sent.forEach(r -> clients.add(r.clientId()));
        return clients;
    }

    void reply(Request request, int code, String message) {
        listener.reply(new Reply(request.app(), request.requestId(), code, message, null));
    }

    void replyBody(Request request, int code, String body) {
        listener.reply(new Reply(request.app(), request.requestId(), code, null,
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A DEPLOY-V2 notification from {@code clientId} about the job of {@code request}. */
    void notify(String clientId, Request request, String phase, String status, Integer progress, String message) {
        listener.notification(new Notification(clientId, phase, String.valueOf(request.metrics().get("job.id")),
                status, progress, message));
    }
}
