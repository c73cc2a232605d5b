package org.edgeway.fleet.internal.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.codec.KuraPayloadCodec;

/**
 * The payloads our gateways publish, with the metric names and Java types of the publishing code: the transit
 * bundle's TransitPayloads (APC-V1), the Modbus bundle's MeterPoller (METER-V1 interval) and the cloud bundle's
 * BirthCertificate. Metrics are returned as mutable maps so that a test can break one.
 */
final class GatewayPayloads {

    static final String ACCOUNT = "edgeway";
    static final KuraPayloadCodec CODEC = new KuraPayloadCodec();

    private GatewayPayloads() {
    }

    /** One stop visit as the gateway sees it; door 1 counts adults, door 2 counted nothing (zeros are published). */
    record Visit(String visitId, String tripId, Instant tripStart, String line, String stopId, int stopSequence,
            String stopName, Instant arrival, Instant departure, long boardings, long alightings, int occupancy,
            String quality) {
    }

    /** TransitPayloads.visit: longs for counts and times, an int for the occupancy and the stop sequence. */
    static Map<String, Object> visitMetrics(Visit v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visit_id", v.visitId());
        m.put("arrival", v.arrival().toEpochMilli());
        m.put("departure", v.departure().toEpochMilli());
        m.put("boardings", v.boardings());
        m.put("alightings", v.alightings());
        m.put("trip_boardings", v.boardings() + 10L);
        m.put("trip_alightings", v.alightings() + 4L);
        m.put("occupancy", v.occupancy());
        m.put("quality", v.quality());
        if (v.tripId() != null) {
            m.put("trip_id", v.tripId());
            m.put("line", v.line());
            m.put("trip_start", v.tripStart().toEpochMilli());
        }
        if (v.stopId() != null) {
            m.put("stop_id", v.stopId());
            m.put("stop_sequence", v.stopSequence());
            m.put("stop_name", v.stopName());
        }
        m.put("door.1.adult.in", v.boardings());
        m.put("door.1.adult.out", v.alightings());
        m.put("door.2.child.in", 0L);
        m.put("door.2.child.out", 0L);
        m.put("trip.door.1.adult.in", v.boardings() + 10L);
        m.put("trip.door.1.adult.out", v.alightings() + 4L);
        return m;
    }

    static Payload visit(Visit v, Position position) {
        return payload(v.departure(), position, visitMetrics(v));
    }

    /** TransitPayloads.trip: an int for visits and imbalance, longs for the rest. */
    static Map<String, Object> tripMetrics(String tripId, String line, Instant start, Instant end, int visits,
            long boardings, long alightings, int imbalance, long clamped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trip_id", tripId);
        m.put("line", line);
        m.put("trip_start", start.toEpochMilli());
        m.put("trip_end", end.toEpochMilli());
        m.put("visits", visits);
        m.put("boardings", boardings);
        m.put("alightings", alightings);
        m.put("imbalance", imbalance);
        m.put("clamped", clamped);
        return m;
    }

    /** TransitPayloads.occupancy: ints, a boolean, the GTFS-RT status name and number. */
    static Map<String, Object> occupancyMetrics(int load, Integer percent, String status, int statusCode,
            boolean doorsOpen, String tripId, String line, String stopId, Integer stopSequence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("load", load);
        m.put("occupancy_status", status);
        m.put("occupancy_status_code", statusCode);
        m.put("doors_open", doorsOpen);
        if (percent != null) {
            m.put("occupancy_percent", percent);
        }
        if (tripId != null) {
            m.put("trip_id", tripId);
            m.put("line", line);
        }
        if (stopId != null) {
            m.put("stop_id", stopId);
            m.put("stop_sequence", stopSequence);
        }
        return m;
    }

    /** MeterPoller's interval message: strings, longs for the times, doubles for the values. */
    static Map<String, Object> intervalMetrics(String point, String unit, Instant start, Instant end, double value,
            double consumption, String quality) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", point);
        m.put("unit", unit);
        m.put("start", start.toEpochMilli());
        m.put("end", end.toEpochMilli());
        m.put("value", value);
        m.put("consumption", consumption);
        m.put("quality", quality);
        return m;
    }

    /** BirthCertificate.build: every metric a string. */
    static Map<String, Object> birthMetrics(String displayName, String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptime", "2547");
        m.put("display_name", displayName);
        m.put("model_name", "edgeway gateway");
        m.put("model_id", "edgeway-vehicle");
        m.put("part_number", "edgeway-vehicle");
        m.put("serial_number", "SN-" + displayName);
        m.put("firmware_version", "unknown");
        m.put("bios_version", "unknown");
        m.put("cpu_version", "amd64");
        m.put("os", "Linux");
        m.put("os_version", "6.1.0");
        m.put("os_arch", "amd64");
        m.put("jvm_name", "OpenJDK 64-Bit Server VM");
        m.put("jvm_version", "17.0.12+7");
        m.put("jvm_profile", "17");
        m.put("jvm_vendor", "Eclipse Adoptium");
        m.put("kura_version", "edgeway-" + version);
        m.put("application_framework", "edgeway");
        m.put("application_framework_version", version);
        m.put("osgi_framework", "Apache Felix");
        m.put("osgi_framework_version", "7.0.5");
        m.put("connection_interface", "eth0");
        m.put("connection_ip", "10.0.0.7");
        m.put("available_processors", "4");
        m.put("total_memory", "524288");
        m.put("accept_encoding", "gzip");
        m.put("application_ids", "APC-V1,CONF-V1,DEPLOY-V2");
        m.put("payload_encoding", "KURA_PROTOBUF");
        return m;
    }

    /** BirthCertificate.disconnect: the DC message and the last will. */
    static Map<String, Object> disconnectMetrics(String displayName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptime", "120000");
        m.put("display_name", displayName);
        return m;
    }

    static Payload payload(Instant timestamp, Position position, Map<String, Object> metrics) {
        return Payload.builder().timestamp(timestamp).position(position).metrics(metrics).build();
    }

    static byte[] encode(Payload payload) {
        return CODEC.encode(payload);
    }

    static byte[] encode(Instant timestamp, Map<String, Object> metrics) {
        return CODEC.encode(payload(timestamp, null, metrics));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String dataTopic(String clientId, String appTopic) {
        return ACCOUNT + "/" + clientId + "/" + appTopic;
    }

    static String lifecycleTopic(String clientId, String event) {
        return "$EDC/" + ACCOUNT + "/" + clientId + "/MQTT/" + event;
    }
}
