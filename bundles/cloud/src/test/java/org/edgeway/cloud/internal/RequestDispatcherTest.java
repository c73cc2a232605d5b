package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.junit.jupiter.api.Test;

class RequestDispatcherTest {

    private record Sent(String topic, Payload payload) {
    }

    private final KuraPayloadCodec codec = new KuraPayloadCodec(1 << 20);
    private final Topics topics = new Topics("$EDC", "city", "gw-1");
    private final List<Sent> replies = new ArrayList<>();
    private final List<Request> handled = new ArrayList<>();
    private final RequestDispatcher dispatcher = new RequestDispatcher(topics, codec::decode, 64 * 1024, new DirectExecutor(),
            (topic, payload) -> replies.add(new Sent(topic, payload)));

    RequestDispatcherTest() {
        dispatcher.addHandler("INVENTORY-V1", request -> {
            handled.add(request);
            return Response.ok(Payload.builder().metric("bundles", 21).build());
        });
        dispatcher.addHandler("BROKEN-V1", request -> {
            throw new IllegalStateException("disk on fire");
        });
    }

    @Test
    void answersAValidRequestOnTheRequestersReplyTopic() {
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles/active", request("r-1", "console-7"));

        assertThat(handled).singleElement().satisfies(request -> {
            assertThat(request.verb()).isEqualTo(Verb.GET);
            assertThat(request.resources()).containsExactly("bundles", "active");
            assertThat(request.requestId()).isEqualTo("r-1");
            assertThat(request.requesterClientId()).isEqualTo("console-7");
        });
        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.topic()).isEqualTo("$EDC/city/console-7/INVENTORY-V1/REPLY/r-1");
            assertThat(reply.payload().metric("response.code").orElseThrow().value()).isEqualTo(200);
            assertThat(reply.payload().metric("bundles").orElseThrow().value()).isEqualTo(21);
            assertThat(reply.payload().metric("response.exception.message")).isEmpty();
        });
    }

    @Test
    void unknownApplicationIs404AndUnknownVerbIs400() {
        dispatcher.dispatch("$EDC/city/gw-1/NOPE-V1/GET/x", request("r-2", "console"));
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/FETCH/x", request("r-3", "console"));

        assertThat(replies).extracting(r -> r.payload().metric("response.code").orElseThrow().value())
                .containsExactly(404, 400);
        assertThat(replies.get(0).payload().stringMetric("response.exception.message")).hasValueSatisfying(
                message -> assertThat(message).contains("NOPE-V1"));
        assertThat(replies.get(1).payload().stringMetric("response.exception.message")).hasValueSatisfying(
                message -> assertThat(message).contains("FETCH"));
    }

    @Test
    void failingHandlerIs500WithItsMessage() {
        dispatcher.dispatch("$EDC/city/gw-1/BROKEN-V1/EXEC/x", request("r-4", "console"));

        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.payload().metric("response.code").orElseThrow().value()).isEqualTo(500);
            assertThat(reply.payload().stringMetric("response.exception.message")).contains("disk on fire");
        });
    }

    @Test
    void busyGatewayAnswers500InsteadOfQueueingForever() {
        RequestDispatcher saturated = new RequestDispatcher(topics, codec::decode, 64 * 1024, new RejectingExecutor(),
                (topic, payload) -> replies.add(new Sent(topic, payload)));
        saturated.addHandler("INVENTORY-V1", request -> Response.ok());

        saturated.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", request("r-5", "console"));

        assertThat(replies).singleElement().satisfies(reply ->
                assertThat(reply.payload().stringMetric("response.exception.message")).hasValueSatisfying(
                        message -> assertThat(message).contains("busy")));
    }

    @Test
    void requestsWithoutAReplyAddressAreDroppedWithoutAnswer() {
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles",
                codec.encode(Payload.builder().metric("requester.client.id", "console").build()));
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles",
                codec.encode(Payload.builder().metric("request.id", "r-6").build()));
        // a requester that would change the reply topic
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", request("r-7", "+"));
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", request("r-8", "a/b"));
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", request("#", "console"));
        // request.id of the wrong type
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles",
                codec.encode(Payload.builder().metric("request.id", 7).metric("requester.client.id", "c").build()));

        assertThat(replies).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void garbageOversizedAndGzipBombsNeverThrowNorReachHandlers() throws IOException {
        Random random = new Random(42);
        for (int size = 0; size < 2000; size += 7) {
            byte[] garbage = new byte[size];
            random.nextBytes(garbage);
            dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", garbage);
        }
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", new byte[64 * 1024 + 1]);
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/GET/bundles", gzipOfZeros(50 << 20));
        dispatcher.dispatch("$EDC/city/gw-1", request("r-9", "console"));
        dispatcher.dispatch("", new byte[0]);

        assertThat(handled).isEmpty();
        assertThat(replies).isEmpty();
    }

    @Test
    void repliesAndOurOwnLifecycleMessagesAreNotDispatched() {
        dispatcher.dispatch("$EDC/city/gw-1/INVENTORY-V1/REPLY/r-10", request("r-10", "console"));
        dispatcher.dispatch("$EDC/city/gw-1/MQTT/LWT", codec.encode(Payload.builder().metric("uptime", "1").build()));
        dispatcher.dispatch("$EDC/city/gw-1/MQTT/BIRTH", request("r-11", "console"));

        assertThat(handled).isEmpty();
        assertThat(replies).isEmpty();
    }

    @Test
    void oneHandlerPerApplicationAndApplicationIdsSorted() {
        assertThat(dispatcher.addHandler("INVENTORY-V1", request -> Response.ok())).isFalse();
        assertThat(dispatcher.applicationIds()).containsExactly("BROKEN-V1", "INVENTORY-V1");
    }

    private byte[] request(String requestId, String requester) {
        return codec.encode(Payload.builder()
                .metric("request.id", requestId)
                .metric("requester.client.id", requester)
                .build());
    }

    private static byte[] gzipOfZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[64 * 1024];
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    /** Runs requests on the calling thread, so the test sees replies at once. */
    private static class DirectExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** A saturated pool. */
    private static final class RejectingExecutor extends DirectExecutor {
        @Override
        public void execute(Runnable command) {
            throw new RejectedExecutionException("full");
        }
    }
}
