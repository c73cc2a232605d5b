package org.edgeway.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.api.cloud.CloudException;
import org.edgeway.api.cloud.CloudMetrics;
import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.ConnectionStatus;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceSimulatorTest {

    /** Bounds the waits for the simulator's timer; the test never measures speed. */
    private static final long WAIT_S = 10;

    private final List<DeviceSimulator> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(DeviceSimulator::deactivate);
    }

    @Test
    void meterReadingsOfOneRunAreNumberedFromOneWithoutGaps() throws Exception {
        RecordingPublisher cloud = new RecordingPublisher();
        DeviceSimulator simulator = start(cloud);

        List<Payload> readings = cloud.awaitMeterReadings(4);

        assertThat(readings).extracting(reading -> reading.metric("seq").orElseThrow().value())
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(readings).extracting(reading -> reading.stringMetric("run").orElseThrow())
                .containsOnly(simulator.run());
    }

    @Test
    void eachActivationIsANewRunStartingAgainAtOne() throws Exception {
        RecordingPublisher firstCloud = new RecordingPublisher();
        DeviceSimulator first = start(firstCloud);
        firstCloud.awaitMeterReadings(2);
        first.deactivate();

        RecordingPublisher secondCloud = new RecordingPublisher();
        DeviceSimulator second = start(secondCloud);
        Payload firstOfSecondRun = secondCloud.awaitMeterReadings(1).get(0);

        assertThat(second.run()).isNotBlank().isNotEqualTo(first.run());
        assertThat(firstOfSecondRun.stringMetric("run")).contains(second.run());
        assertThat(firstOfSecondRun.metric("seq").orElseThrow().value()).isEqualTo(1L);
    }

    @Test
    void aRejectedPublishIsSkippedAndTheNextReadingHasTheNextSeq() throws Exception {
        RecordingPublisher cloud = new RecordingPublisher();
        cloud.rejectMeterReadings.set(1);
        start(cloud);

        List<Payload> accepted = cloud.awaitMeterReadings(2);

        // seq numbers readings, not accepted publishes: the rejected reading 1 stays missing, visibly
        assertThat(accepted).extracting(reading -> reading.metric("seq").orElseThrow().value())
                .containsExactly(2L, 3L);
    }

    private DeviceSimulator start(CloudPublisher cloud) {
        DeviceSimulator simulator = new DeviceSimulator(new Config(), cloud);
        started.add(simulator);
        return simulator;
    }

    /** The lowest interval the metatype allows, so the tests wait little. */
    private static final class Config implements SimulatorConfig {
        @Override
        public long interval_ms() {
            return 100;
        }

        @Override
        public String app_id() {
            return "DEMO-V1";
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return SimulatorConfig.class;
        }
    }

    private static final class RecordingPublisher implements CloudPublisher {
        final BlockingQueue<Payload> meterReadings = new LinkedBlockingQueue<>();
        final AtomicInteger rejectMeterReadings = new AtomicInteger();

        @Override
        public void publish(String appId, String appTopic, Payload payload, Qos qos, int priority) {
            if (!appTopic.equals("depot/meter-1")) {
                return;
            }
            if (rejectMeterReadings.getAndDecrement() > 0) {
                throw new CloudException("rejected by the test");
            }
            meterReadings.add(payload);
        }

        List<Payload> awaitMeterReadings(int count) throws InterruptedException {
            List<Payload> readings = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Payload reading = meterReadings.poll(WAIT_S, TimeUnit.SECONDS);
                assertThat(reading).as("meter reading %d of %d within %d s", i + 1, count, WAIT_S).isNotNull();
                readings.add(reading);
            }
            return readings;
        }

        @Override
        public CloudMetrics metrics() {
            return new CloudMetrics(0, 0, meterReadings.size(), 0, 0, 0, 1, 0, 0, null);
        }

        @Override
        public ConnectionStatus status() {
            throw new UnsupportedOperationException();
        }
    }
}
