package org.edgeway.fleet.internal.ops;

import java.util.Map;

/**
 * Requests to gateways and their answers: {@link GatewayRequester} over MQTT, an in-memory fake in tests. Answers go
 * to the listener given to {@link #start}, on the transport's thread; they are parsed and checked, never raw.
 */
interface GatewayTransport extends AutoCloseable {

    /** A Kura request to one gateway. */
    record Request(String clientId, String app, String verb, String resource, String requestId,
            Map<String, Object> metrics, byte[] body) {

        public Request {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * A reply ({@code $EDC/ACCOUNT/REQUESTER/APP/REPLY/REQUEST-ID}). It does not say which gateway sent it: request
     * ids are random, so only the gateway that received the request knows its id.
     *
     * @param message {@code response.exception.message}, or null
     * @param body    the reply's body, or null
     */
    record Reply(String app, String requestId, int code, String message, byte[] body) {
    }

    /**
     * A DEPLOY-V2 notification ({@code $EDC/ACCOUNT/REQUESTER/DEPLOY-V2/NOTIFY/CLIENT-ID/PHASE}).
     *
     * @param clientId the gateway, from the topic
     * @param phase    {@code download}, {@code install} or {@code uninstall}
     * @param jobId    {@code job.id} as text
     * @param status   {@code IN_PROGRESS}, {@code COMPLETED}, {@code FAILED}, {@code ALREADY DONE} or {@code CANCELLED}
     * @param progress percent, or null
     * @param message  {@code dp.PHASE.error.message}, or null
     */
    record Notification(String clientId, String phase, String jobId, String status, Integer progress,
            String message) {
    }

    interface Listener {
        void reply(Reply reply);

        void notification(Notification notification);
    }

    /** Connects (retrying in the background) and hands every answer to {@code listener}. */
    void start(Listener listener);

    /**
     * Publishes a request (adding {@code request.id} and {@code requester.client.id}).
     *
     * @throws IllegalStateException when it cannot be sent (never connected, closed), with the reason
     */
    void send(Request request);

    /** Whether requests go out now and answers come in (connected and subscribed). */
    boolean ready();

    /** The client id gateways reply to; also the owner mark of the rollouts this console drives. */
    String requesterId();

    @Override
    void close();
}
