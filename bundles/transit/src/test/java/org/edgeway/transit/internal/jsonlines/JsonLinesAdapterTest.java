package org.edgeway.transit.internal.jsonlines;

import static org.edgeway.transit.internal.Await.await;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.transit.internal.ibisip.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reconnect backoff, with waits of 10..80 ms instead of 1..30 s. */
@Timeout(60)
class JsonLinesAdapterTest {


    @Test
    void aPeerThatHangsUpAtOnceIsRetriedEverLessOftenAndALineResetsTheWait() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        CountDownLatch sixth = new CountDownLatch(1);
        CountDownLatch seventh = new CountDownLatch(1);
        // connections 1-5 end at once; 6 delivers a line, then ends; 7 and later end at once. Opening 6 and 7 waits
        // for the test, which looks at the wait meanwhile.
        JsonLinesAdapter.Connector connector = () -> {
            int n = opens.incrementAndGet();
            try {
                if (n == 6) {
                    sixth.await();
                } else if (n == 7) {
                    seventh.await();
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            byte[] data = n == 6 ? "{\"door\":\"1\",\"state\":\"open\"}\n".getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            InputStream in = new ByteArrayInputStream(data);
            return new JsonLinesAdapter.Connection() {
                @Override
                public InputStream input() {
                    return in;
                }

                @Override
                public void close() {
                }
            };
        };
        RecordingSink sink = new RecordingSink();
        JsonLinesAdapter adapter = new JsonLinesAdapter(new JsonLinesAdapter.Settings("b1", Duration.ofMillis(10),
                Duration.ofMillis(80)), connector, sink, Clock.systemUTC());
        try {
            adapter.start();
            await("connection 6", () -> opens.get() == 6);
            // 10, 20, 40, 80, 80 ms: the next wait would be the longest
            assertThat(adapter.backoff()).isEqualTo(Duration.ofMillis(80));
            sixth.countDown();
            assertThat(sink.nextReport().doorId()).isEqualTo("1");
            await("connection 7", () -> opens.get() == 7);
            // 6 delivered a line: the wait started again at 10 ms (and the next one would be 20)
            assertThat(adapter.backoff()).isEqualTo(Duration.ofMillis(20));
        } finally {
            seventh.countDown();
            adapter.close();
        }
        // up, down, up, down ... each connection is an episode of its own; the sink hears every one of them
        assertThat(sink.availability).extracting(RecordingSink.Availability::available).startsWith(true, false, true);
    }
}
