package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.edgeway.api.gateway.GatewayInfo;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.junit.jupiter.api.Test;

class BirthCertificateTest {

    private static final List<String> CONTRACT_METRICS = List.of("uptime", "display_name", "model_name", "model_id",
            "part_number", "serial_number", "firmware_version", "bios_version", "cpu_version", "os", "os_version",
            "os_arch", "jvm_name", "jvm_version", "jvm_profile", "jvm_vendor", "kura_version", "application_framework",
            "application_framework_version", "osgi_framework", "osgi_framework_version", "connection_interface",
            "connection_ip", "available_processors", "total_memory", "accept_encoding", "application_ids",
            "payload_encoding");

    private final GatewayInfo info = new GatewayInfo("AA:BB:CC:00:11:22", "Bus 4711", "box", "box-1", "S123",
            "vehicle", "0.1.0", "org.apache.felix.framework", "7.0.5", Instant.parse("2026-11-26T06:00:00Z"));

    @Test
    void carriesEveryContractMetricAsAStringWithTrueValues() {
        Payload birth = BirthCertificate.build(info, Duration.ofSeconds(90), List.of("CONF-V1", "DEPLOY-V2"), "kura-protobuf");

        assertThat(birth.metrics().keySet()).containsExactlyInAnyOrderElementsOf(CONTRACT_METRICS);
        assertThat(birth.metrics().values()).extracting(Metric::type).containsOnly(MetricType.STRING);
        assertThat(birth.stringMetric("uptime")).contains("90000");
        assertThat(birth.stringMetric("display_name")).contains("Bus 4711");
        assertThat(birth.stringMetric("serial_number")).contains("S123");
        assertThat(birth.stringMetric("jvm_version")).contains(System.getProperty("java.vm.version"));
        assertThat(birth.stringMetric("available_processors"))
                .contains(String.valueOf(Runtime.getRuntime().availableProcessors()));
        assertThat(birth.stringMetric("application_ids")).contains("CONF-V1,DEPLOY-V2");
        assertThat(birth.stringMetric("accept_encoding")).contains("gzip");
        assertThat(birth.stringMetric("payload_encoding")).contains("KURA_PROTOBUF");
        assertThat(birth.timestamp()).isNotNull();
    }

    @Test
    void survivesTheWireEncoding() {
        Payload birth = BirthCertificate.build(info, Duration.ofSeconds(1), List.of(), "json");
        KuraPayloadCodec codec = new KuraPayloadCodec();

        assertThat(codec.decode(codec.encodeForWire(birth)).metrics()).isEqualTo(birth.metrics());
        assertThat(birth.stringMetric("payload_encoding")).contains("SIMPLE_JSON");
    }

    @Test
    void disconnectMessageCarriesUptimeAndDisplayName() {
        Payload dc = BirthCertificate.disconnect(info, Duration.ofMillis(1234));

        assertThat(dc.metrics().keySet()).containsExactly("uptime", "display_name");
        assertThat(dc.stringMetric("uptime")).contains("1234");
    }
}
