package org.edgeway.cloud.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.PayloadFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns messages on the control topics into {@link Request}s for the registered {@link RequestHandler}s and their
 * {@link Response}s into Kura replies. Whatever arrives, it never throws: a request that can be answered gets a
 * 400, 404 or 500 reply; one that cannot (no {@code request.id} or requester to reply to) is logged and dropped.
 */
final class RequestDispatcher {

    static final String REQUEST_ID = "request.id";
    static final String REQUESTER = "requester.client.id";
    static final String RESPONSE_CODE = "response.code";
    static final String RESPONSE_MESSAGE = "response.exception.message";

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    /** Where replies go: the connection publishes them through its queue at reply priority. */
    interface ReplySender {
        void reply(String topic, Payload payload);
    }

    private final Topics topics;
    /** The connection's payload encoding: Kura protobuf (gzip detected) or Kura JSON. */
    private final Function<byte[], Payload> decoder;
    private final int maxPayloadBytes;
    private final ExecutorService workers;
    private final ReplySender sender;
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();

    RequestDispatcher(Topics topics, Function<byte[], Payload> decoder, int maxPayloadBytes, ExecutorService workers,
            ReplySender sender) {
        this.topics = topics;
        this.decoder = decoder;
        this.maxPayloadBytes = maxPayloadBytes;
        this.workers = workers;
        this.sender = sender;
    }

    /** Registers a handler; returns false if another one already answers that application id. */
    boolean addHandler(String appId, RequestHandler handler) {
        return handlers.putIfAbsent(appId, handler) == null;
    }

    void removeHandler(String appId, RequestHandler handler) {
        handlers.remove(appId, handler);
    }

    SortedSet<String> applicationIds() {
        return new TreeSet<>(handlers.keySet());
    }

    /** Called for every message on {@code $EDC/account/client/#}; never throws. */
    void dispatch(String topic, byte[] bytes) {
        try {
            parse(topic, bytes).ifPresent(this::answer);
        } catch (RuntimeException e) {
            LOG.warn("control message on {} dropped: {}", topic, e.toString());
        }
    }

    /** A request whose reply address is known, or empty when no reply is possible. */
    private record Incoming(String appId, String verbText, List<String> resources, String requestId, String requester,
            Payload payload) {
    }

    private Optional<Incoming> parse(String topic, byte[] bytes) {
        String[] segments = topic.split("/", -1);
        // $EDC / account / client / app / verb / resources...
        if (segments.length < 5) {
            LOG.warn("control message on {} ignored: no application and verb in the topic", topic);
            return Optional.empty();
        }
        String verbText = segments[4];
        if (segments[3].equals("MQTT") || verbText.equals("REPLY") || verbText.equals("NOTIFY")) {
            // our own lifecycle messages (BIRTH, DC, APPS, LWT) and answers to our own requests: not requests
            return Optional.empty();
        }
        if (bytes.length > maxPayloadBytes) {
            LOG.warn("control message on {} dropped: {} bytes exceed the limit of {}", topic, bytes.length, maxPayloadBytes);
            return Optional.empty();
        }
        Payload payload;
        try {
            payload = decoder.apply(bytes);
        } catch (PayloadFormatException e) {
            LOG.warn("control message on {} dropped: not a Kura payload: {}", topic, e.getMessage());
            return Optional.empty();
        }
        Optional<String> requestId = payload.stringMetric(REQUEST_ID).filter(RequestDispatcher::isTopicSegment);
        Optional<String> requester = payload.stringMetric(REQUESTER).filter(RequestDispatcher::isTopicSegment);
        if (requestId.isEmpty() || requester.isEmpty()) {
            LOG.warn("request on {} dropped: it needs string metrics {} and {} that are valid topic segments",
                    topic, REQUEST_ID, REQUESTER);
            return Optional.empty();
        }
        return Optional.of(new Incoming(segments[3], verbText, List.of(segments).subList(5, segments.length),
                requestId.get(), requester.get(), payload));
    }

    private void answer(Incoming incoming) {
        Optional<Verb> verb = Arrays.stream(Verb.values()).filter(v -> v.name().equals(incoming.verbText())).findFirst();
        if (verb.isEmpty()) {
            reply(incoming, Response.badRequest("unknown method '" + incoming.verbText()
                    + "': expected GET, PUT, POST, DEL or EXEC"));
            return;
        }
        RequestHandler handler = handlers.get(incoming.appId());
        if (handler == null) {
            reply(incoming, Response.notFound("no application '" + incoming.appId() + "' on this gateway"));
            return;
        }
        Request request = new Request(incoming.appId(), verb.get(), incoming.resources(), incoming.requestId(),
                incoming.requester(), incoming.payload());
        try {
            workers.execute(() -> reply(incoming, call(handler, request)));
        } catch (RejectedExecutionException e) {
            reply(incoming, Response.error("the gateway is busy with other requests; try again"));
        }
    }

    private static Response call(RequestHandler handler, Request request) {
        try {
            Response response = handler.handle(request);
            return response != null ? response : Response.error("application " + request.appId() + " gave no response");
        } catch (Exception | LinkageError e) {
            LOG.warn("application {} failed on {} {}", request.appId(), request.verb(), request.resourcePath(), e);
            return Response.error(e.getMessage() != null ? e.getMessage() : e.getClass().getName());
        }
    }

    private void reply(Incoming incoming, Response response) {
        Payload.Builder reply = Payload.builder().timestamp(java.time.Instant.now());
        response.payload().metrics().values().forEach(reply::metric);
        reply.position(response.payload().position()).body(response.payload().body());
        reply.metric(RESPONSE_CODE, response.code());
        if (response.errorMessage() != null) {
            reply.metric(RESPONSE_MESSAGE, response.errorMessage());
        }
        reply.metric(REQUEST_ID, incoming.requestId());
        String topic = topics.reply(incoming.requester(), incoming.appId(), incoming.requestId());
        try {
            sender.reply(topic, reply.build());
        } catch (RuntimeException e) {
            LOG.warn("reply to {} could not be queued: {}", topic, e.getMessage());
        }
    }

    private static boolean isTopicSegment(String text) {
        try {
            Topics.requireSegment("segment", text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
