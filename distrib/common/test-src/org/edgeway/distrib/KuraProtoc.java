package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.findExecutable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An independent decoder for what the gateway sends: {@code protoc --decode=kuradatatypes.KuraPayload} with the
 * KuraPayload schema (the failsafe property {@code edgeway.kura.proto}, set in distrib/pom.xml), after un-gzipping
 * with the JDK when the payload starts with the gzip magic bytes, as the wire contract says a receiver must.
 */
final class KuraProtoc {

    static final String NOT_INSTALLED = "protoc is not installed (Debian package 'protobuf-compiler': apt-get install "
            + "protobuf-compiler); .ci/run installs it";
    private static final Pattern METRIC = Pattern.compile("(?ms)^metric \\{\\n(.*?)^\\}");
    private static final Pattern FIELD = Pattern.compile("(?m)^\\s*(\\w+): (.*)$");

    /** One decoded metric: its value type name (STRING, INT32, ...) and the value as protoc prints it, unquoted. */
    record Metric(String type, String value) {
    }

    private KuraProtoc() {
    }

    /** The protoc executable (on the PATH or /usr/bin); skips the test, naming the package, if it is missing. */
    static Path executableOrSkip() {
        Optional<Path> protoc = findExecutable("protoc", Path.of("/usr/bin/protoc"));
        assumeTrue(NOT_INSTALLED, protoc.isPresent());
        return protoc.get();
    }

    /** The payload as protoc prints it in text format; fails if protoc cannot decode it with the schema. */
    static String decode(byte[] wire) throws Exception {
        Path protoc = executableOrSkip();
        Path proto = Path.of(System.getProperty("edgeway.kura.proto")).toAbsolutePath();
        byte[] protobuf = isGzip(wire) ? new GZIPInputStream(new ByteArrayInputStream(wire)).readAllBytes() : wire;
        Path input = Files.createTempFile("edgeway-kura-payload-", ".bin");
        try {
            Files.write(input, protobuf);
            Process process = new ProcessBuilder(protoc.toString(), "--proto_path=" + proto.getParent(),
                    "--decode=kuradatatypes.KuraPayload", proto.getFileName().toString())
                    .redirectErrorStream(true).redirectInput(input.toFile()).start();
            String decoded;
            try (InputStream out = process.getInputStream()) {
                decoded = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue("protoc did not finish within 30 s", process.waitFor(30, TimeUnit.SECONDS));
            assertEquals("protoc --decode=kuradatatypes.KuraPayload " + proto + " failed:\n" + decoded, 0,
                    process.exitValue());
            return decoded;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** The metrics of a payload in protoc's text format, by name, in order. */
    static Map<String, Metric> metrics(String decoded) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Matcher block = METRIC.matcher(decoded);
        while (block.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher field = FIELD.matcher(block.group(1));
            while (field.find()) {
                fields.put(field.group(1), field.group(2).strip());
            }
            String type = fields.getOrDefault("type", "?");
            String value = fields.entrySet().stream().filter(entry -> entry.getKey().endsWith("_value"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            metrics.put(unquote(fields.getOrDefault("name", "")), new Metric(type, value == null ? null : unquote(value)));
        }
        return metrics;
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** A protoc text-format value: a quoted string with C escapes (bytes as octal) becomes its UTF-8 text. */
    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String body = text.substring(1, text.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char next = body.charAt(++i);
            if (next >= '0' && next <= '7') {
                int end = i;
                while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                    end++;
                }
                bytes.write(Integer.parseInt(body.substring(i, end), 8));
                i = end - 1;
            } else {
                bytes.write(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next; // \" \' \\
                });
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** For messages: the metrics as name=value lines. */
    static String describe(Map<String, Metric> metrics) {
        StringBuilder text = new StringBuilder();
        metrics.forEach((name, metric) -> text.append(name).append(" = ").append(metric.value()).append(" (")
                .append(metric.type()).append(")\n"));
        return text.toString();
    }
}
