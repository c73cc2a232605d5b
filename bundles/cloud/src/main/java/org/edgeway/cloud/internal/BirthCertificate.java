package org.edgeway.cloud.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeway.api.gateway.GatewayInfo;
import org.edgeway.api.payload.Payload;

/**
 * The Kura birth certificate: every metric of the contract, as strings, with true values where the runtime knows
 * them. Firmware, BIOS and CPU versions are not readable portably from the JVM; they are reported as "unknown"
 * rather than invented.
 */
final class BirthCertificate {

    private BirthCertificate() {
    }

    static Payload build(GatewayInfo info, Duration uptime, Collection<String> applicationIds, String payloadEncoding) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("uptime", String.valueOf(uptime.toMillis()));
        metrics.put("display_name", info.displayName());
        metrics.put("model_name", info.modelName());
        metrics.put("model_id", info.modelId());
        metrics.put("part_number", info.modelId());
        metrics.put("serial_number", info.serialNumber());
        metrics.put("firmware_version", "unknown");
        metrics.put("bios_version", "unknown");
        metrics.put("cpu_version", System.getProperty("os.arch"));
        metrics.put("os", System.getProperty("os.name"));
        metrics.put("os_version", System.getProperty("os.version"));
        metrics.put("os_arch", System.getProperty("os.arch"));
        metrics.put("jvm_name", System.getProperty("java.vm.name"));
        metrics.put("jvm_version", System.getProperty("java.vm.version"));
        metrics.put("jvm_profile", System.getProperty("java.specification.version"));
        metrics.put("jvm_vendor", System.getProperty("java.vm.vendor"));
        metrics.put("kura_version", "edgeway-" + info.runtimeVersion());
        metrics.put("application_framework", "edgeway");
        metrics.put("application_framework_version", info.runtimeVersion());
        metrics.put("osgi_framework", info.osgiFramework());
        metrics.put("osgi_framework_version", info.osgiFrameworkVersion());
        metrics.put("connection_interface", primaryInterface());
        metrics.put("connection_ip", primaryAddress());
        metrics.put("available_processors", String.valueOf(runtime.availableProcessors()));
        metrics.put("total_memory", String.valueOf(runtime.maxMemory() / 1024));
        metrics.put("accept_encoding", "gzip");
        metrics.put("application_ids", String.join(",", applicationIds));
        metrics.put("payload_encoding", payloadEncoding.equals("json") ? "SIMPLE_JSON" : "KURA_PROTOBUF");
        return Payload.builder().timestamp(Instant.now()).metrics(metrics).build();
    }

    static Payload disconnect(GatewayInfo info, Duration uptime) {
        return Payload.builder().timestamp(Instant.now())
                .metric("uptime", String.valueOf(uptime.toMillis()))
                .metric("display_name", info.displayName())
                .build();
    }

    private static String primaryInterface() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback() && nic.getInetAddresses().hasMoreElements()) {
                    return nic.getName();
                }
            }
        } catch (SocketException e) {
            // reported as unknown below
        }
        return "unknown";
    }

    private static String primaryAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address.getAddress().length == 4) {
                            return address.getHostAddress();
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // reported as unknown below
        }
        return "unknown";
    }
}
