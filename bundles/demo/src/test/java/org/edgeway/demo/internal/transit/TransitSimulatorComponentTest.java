package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgeway.demo.internal.transit.Xml.child;
import static org.edgeway.demo.internal.transit.Xml.children;
import static org.edgeway.demo.internal.transit.Xml.value;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class TransitSimulatorComponentTest {

    @Test
    void servesTheBuiltInBus100UntilDeactivated() throws Exception {
        TransitSimulatorComponent component = new TransitSimulatorComponent(new Config(""));
        TransitSimulator simulator = component.simulator();
        try {
            assertThat(simulator.scenario().name()).contains("Berlin bus 100");
            byte[] body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + simulator.ibisIpPort() + "/PassengerCountingService/GetAllData")).build(),
                    BodyHandlers.ofByteArray()).body();
            Element allData = child(Xml.parse(body), "AllData");
            assertThat(children(allData, "CountingData")).extracting(door -> value(door, "DoorID"))
                    .containsExactly("1", "2");
        } finally {
            component.deactivate();
        }
        assertThat(Await.until(TransitSimulatorTest::noSimulatorThreads)).isTrue();
    }

    @Test
    void anInvalidScenarioFileFailsActivationNamingFileFieldAndPid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, TestScenarios.tinyWith(json -> json.getAsJsonObject("timing").remove("doorsOpenMillis")));

        assertThatThrownBy(() -> new TransitSimulatorComponent(new Config(file.toString())))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("broken.json")
                .hasMessageContaining("timing.doorsOpenMillis: missing")
                .hasMessageContaining(TransitSimulatorComponent.PID);
    }

    @Test
    void aScenarioFileIsPlayedOnceWhenItSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, TestScenarios.TINY); // "loop": false

        TransitSimulatorComponent component = new TransitSimulatorComponent(new Config(file.toString()));
        try {
            assertThat(component.simulator().scenario().name()).isEqualTo("tiny");
            assertThat(component.simulator().awaitPassCompleted(Await.TIMEOUT)).isTrue();
        } finally {
            component.deactivate();
        }
    }

    /** Free ports, so the test never collides with a running demo. */
    private record Config(String scenario) implements TransitSimulatorConfig {
        @Override
        public int nmea_port() {
            return 0;
        }

        @Override
        public int ibisip_port() {
            return 0;
        }

        @Override
        public int jsonlines_port() {
            return 0;
        }

        @Override
        public String bind_address() {
            return "127.0.0.1";
        }

        @Override
        public boolean loop() {
            return true;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return TransitSimulatorConfig.class;
        }
    }
}
