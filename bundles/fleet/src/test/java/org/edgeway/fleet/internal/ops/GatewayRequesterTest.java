package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the requester lets through to the driver from the messages on its topics: well-formed replies and
 * notifications only, whatever a gateway (or anyone allowed to publish there) sends. The broker is not reachable
 * here: messages are handed to the requester as its MQTT callback would.
 */
class GatewayRequesterTest {

    static final String PREFIX = "$EDC/edgeway/console-t/";
    static final KuraPayloadCodec CODEC = new KuraPayloadCodec();

    final List<GatewayTransport.Reply> replies = new CopyOnWriteArrayList<>();
    final List<GatewayTransport.Notification> notifications = new CopyOnWriteArrayList<>();
    ScheduledExecutorService executor;
    GatewayRequester requester;

    @BeforeEach
    void start() {
        executor = FleetOperations.newExecutor();
        requester = new GatewayRequester(new RequesterSettings("tcp://127.0.0.1:1", "edgeway", "console-t", null,
                null), executor);
        requester.start(new GatewayTransport.Listener() {
            @Override
            public void reply(GatewayTransport.Reply reply) {
                replies.add(reply);
            }

            @Override
            public void notification(GatewayTransport.Notification notification) {
                notifications.add(notification);
            }
        });
    }

    @AfterEach
    void stop() {
        requester.close();
        executor.shutdownNow();
    }

    static byte[] payload(Object... metrics) {
        Payload.Builder payload = Payload.builder();
        for (int i = 0; i < metrics.length; i += 2) {
            payload.metric((String) metrics[i], metrics[i + 1]);
        }
        return CODEC.encodeForWire(payload.build());
    }

    @Test
    void subscribesToItsOwnRepliesAndNotifications() {
        assertThat(requester.subscriptions()).containsExactly(PREFIX + "+/REPLY/#", PREFIX + "DEPLOY-V2/NOTIFY/#");
        assertThat(requester.requesterId()).isEqualTo("console-t");
        assertThat(requester.ready()).isFalse();
    }

    @Test
    void passesWellFormedRepliesAndNotifications() {
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", payload("response.code", 200, "request.id", "req-1"));
        requester.received(PREFIX + "CONF-V1/REPLY/req-2", payload("response.code", 400,
                "response.exception.message", "invalid configuration"));
        requester.received(PREFIX + "DEPLOY-V2/REPLY/req-3", CODEC.encode(Payload.builder()
                .metric("response.code", "200").body("<packages/>".getBytes()).build()));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-1/install", payload("job.id", 123L,
                "dp.install.status", "FAILED", "dp.install.progress", 80, "dp.install.error.message", "rolled back"));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-2/download", payload("job.id", "77",
                "dp.download.status", "IN_PROGRESS", "dp.download.progress", 500));

        assertThat(replies).extracting(GatewayTransport.Reply::app, GatewayTransport.Reply::requestId,
                GatewayTransport.Reply::code, GatewayTransport.Reply::message).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CONF-V1", "req-1", 200, null),
                        org.assertj.core.groups.Tuple.tuple("CONF-V1", "req-2", 400, "invalid configuration"),
                        org.assertj.core.groups.Tuple.tuple("DEPLOY-V2", "req-3", 200, null));
        assertThat(new String(replies.get(2).body())).isEqualTo("<packages/>");
        assertThat(notifications).containsExactly(
                new GatewayTransport.Notification("gw-1", "install", "123", "FAILED", 80, "rolled back"),
                new GatewayTransport.Notification("gw-2", "download", "77", "IN_PROGRESS", null, null));
    }

    @Test
    void dropsWhatIsMalformed() {
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", payload("request.id", "req-1"));
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", payload("response.code", 200, "request.id", "req-2"));
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", payload("response.code", 2.0e2));
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", payload("response.code", 99999));
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", "not protobuf at all".getBytes());
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", new byte[GatewayRequester.MAX_PAYLOAD_BYTES + 1]);
        requester.received(PREFIX + "CONF-V1/REPLY/req-1", null);
        requester.received(PREFIX + "CONF-V1/REPLY/", payload("response.code", 200));
        requester.received(PREFIX + "CONF-V1/REPLY/a/b", payload("response.code", 200));
        requester.received("$EDC/edgeway/another-console/CONF-V1/REPLY/req-1", payload("response.code", 200));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-1/reboot", payload("job.id", 1L, "dp.reboot.status", "X"));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-1/install", payload("dp.install.status", "COMPLETED"));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-1/install", payload("job.id", 1L));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY/gw-1/install", payload("job.id", new byte[] {1},
                "dp.install.status", "COMPLETED"));
        requester.received(PREFIX + "DEPLOY-V2/NOTIFY//install", payload("job.id", 1L, "dp.install.status", "X"));
        requester.received(null, payload("response.code", 200));
        assertThat(replies).isEmpty();
        assertThat(notifications).isEmpty();
    }

    @Test
    void neverThrowsWhateverArrives() {
        Random random = new Random(42);
        String[] topics = {PREFIX + "CONF-V1/REPLY/r", PREFIX + "DEPLOY-V2/NOTIFY/gw/install", PREFIX, "",
            PREFIX + "x/y/z/w/v"};
        byte[] valid = payload("response.code", 200, "job.id", 5L, "dp.install.status", "COMPLETED");
        for (int i = 0; i < 3000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            requester.received(topics[random.nextInt(topics.length)], bytes);
        }
        assertThat(replies).allSatisfy(r -> assertThat(r.code()).isBetween(100, 999));
        assertThat(notifications).allSatisfy(n -> assertThat(n.jobId()).isNotEmpty());
    }

    @Test
    void aFailingListenerDoesNotEscape() {
        GatewayRequester other = new GatewayRequester(new RequesterSettings("tcp://127.0.0.1:1", "edgeway",
                "console-t", null, null), executor);
        try {
            other.start(new GatewayTransport.Listener() {
                @Override
                public void reply(GatewayTransport.Reply reply) {
                    throw new IllegalStateException("bug");
                }

                @Override
                public void notification(GatewayTransport.Notification notification) {
                }
            });
            other.received(PREFIX + "CONF-V1/REPLY/req-1", payload("response.code", 200));
        } finally {
            other.close();
        }
    }
}
