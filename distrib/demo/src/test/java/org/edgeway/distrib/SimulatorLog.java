package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.copyTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;

/**
 * The demo simulator's numbered meter readings, as the gateway logs them and as a subscriber receives them.
 *
 * <p>The simulated meter numbers its readings ({@code run}, {@code seq} from 1, one run per activation of the
 * simulator) and logs {@code published run=R seq=N} at DEBUG once the cloud connection has accepted one; a reading
 * the connection refused is not logged as published, but still uses up its seq.
 */
final class SimulatorLog {

    static final String SIMULATOR_LOGGER = "org.edgeway.demo.internal.DeviceSimulator";
    static final String METER_TOPIC = "edgeway/+/DEMO-V1/depot/meter-1";
    /** Only complete lines count: a line cut by SIGKILL is not matched. */
    private static final Pattern PUBLISHED = Pattern.compile("published run=(\\S+) seq=(\\d+)\\r?\\n");

    private SimulatorLog() {
    }

    /** A fresh home {@code HOME} with the distribution's etc/ and the simulator's DEBUG lines on the console. */
    static Path prepareHome(Path distribution, Path home, String testName) throws IOException {
        Path etc = home.resolve("etc");
        copyTree(distribution.resolve("etc"), etc);
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), String.join("\n", "",
                "# " + testName + ": the simulator logs every accepted meter reading",
                "log4j2.logger.itsimulator.name = " + SIMULATOR_LOGGER,
                "log4j2.logger.itsimulator.level = DEBUG", ""),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return home;
    }

    /** run id to the seqs logged as published in {@code output}, from complete lines. */
    static Map<String, TreeSet<Long>> published(String output) {
        Map<String, TreeSet<Long>> published = new HashMap<>();
        Matcher matcher = PUBLISHED.matcher(output);
        while (matcher.find()) {
            published.computeIfAbsent(matcher.group(1), key -> new TreeSet<>()).add(Long.parseLong(matcher.group(2)));
        }
        return published;
    }

    /** The highest seq of {@code run} logged as published in {@code output}; 0 if none. */
    static long highestPublished(String output, String run) {
        TreeSet<Long> seqs = published(output).get(run);
        return seqs == null ? 0 : seqs.last();
    }

    /** A meter reading's run and seq, if the payload is one. */
    record Reading(String run, long seq) {

        static Optional<Reading> of(Payload payload) {
            Optional<String> run = payload.stringMetric("run");
            Optional<Object> seq = payload.metric("seq").map(Metric::value);
            if (run.isPresent() && seq.isPresent() && seq.get() instanceof Long number) {
                return Optional.of(new Reading(run.get(), number));
            }
            return Optional.empty();
        }
    }
}
