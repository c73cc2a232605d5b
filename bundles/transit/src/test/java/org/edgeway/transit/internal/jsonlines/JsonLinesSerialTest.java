package org.edgeway.transit.internal.jsonlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.edgeway.api.transit.DoorState;
import org.edgeway.transit.internal.ibisip.ConfigProxy;
import org.edgeway.transit.internal.ibisip.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serial transport over a pseudo-terminal pair made by socat (skipped without socat). */
@Timeout(60)
class JsonLinesSerialTest {

    @Test
    void readsLinesFromASerialLine(@TempDir Path dir) throws Exception {
        assumeTrue(new File("/usr/bin/socat").canExecute(), "socat is not installed");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        RecordingSink sink = new RecordingSink();
        JsonLinesAdapterComponent component = null;
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(Files.exists(a) && Files.exists(b))) {
                assertThat(System.nanoTime()).as("socat made the ptys").isLessThan(deadline);
                Thread.sleep(10);
            }
            component = new JsonLinesAdapterComponent(ConfigProxy.of(JsonLinesConfig.class, Map.of("sensor", "ser1",
                    "transport", "serial", "device", a.toRealPath().toString(), "baud", 115200)), sink);
            assertThat(sink.nextAvailability().available()).isTrue();
            try (OutputStream sensor = Files.newOutputStream(b)) {
                sensor.write(("{\"door\":\"2\",\"state\":\"open\"}\n{\"door\":\"2\",\"counts\":[{\"class\":\"Child\","
                        + "\"in\":1,\"out\":0}]}\n").getBytes(StandardCharsets.UTF_8));
                sensor.flush();
                assertThat(sink.nextReport().state()).isEqualTo(DoorState.OPEN);
                assertThat(sink.nextReport().counts()).hasSize(1);
            }
            component.deactivate();
            component = null;
            JsonLinesAdapterComponentTest.awaitThreadEnd("edgeway-jsonlines-ser1");
        } finally {
            if (component != null) {
                component.deactivate();
            }
            socat.destroy();
        }
    }
}
