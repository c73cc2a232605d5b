package org.edgeway.hotspot.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink modem's signal from ModemManager, read with {@code mmcli -m any --output-keyvalue} when mmcli is
 * installed (a gateway without ModemManager simply reports no uplink signal). The command is fixed: nothing from
 * configuration or the network reaches its arguments.
 */
public final class ModemSignal {

    /**
     * @param qualityPercent ModemManager's signal quality, 0-100
     * @param technology     the access technology (for example {@code lte}), or empty
     * @param state          the modem state (for example {@code connected}), or empty
     */
    public record Reading(int qualityPercent, String technology, String state) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModemSignal.class);
    private static final long TIMEOUT_S = 3;

    private final Path mmcli;
    private boolean failing;

    /** @param mmcli the mmcli executable, or null when there is none */
    public ModemSignal(Path mmcli) {
        this.mmcli = mmcli;
    }

    /** @return mmcli on the PATH or in /usr/bin, if installed */
    public static ModemSignal fromPath() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mmcli"))) {
                return new ModemSignal(Path.of(dir, "mmcli"));
            }
        }
        return new ModemSignal(null);
    }

    /** @return the reading, or empty without mmcli or a modem */
    public Optional<Reading> read() {
        if (mmcli == null) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(List.of(mmcli.toString(), "-m", "any", "--output-keyvalue"))
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return problem("mmcli did not answer within " + TIMEOUT_S + " s");
            }
            if (process.exitValue() != 0) {
                return problem("mmcli exited with " + process.exitValue() + " (no modem?)");
            }
            Optional<Reading> reading = parse(output);
            if (reading.isEmpty()) {
                return problem("mmcli's output has no signal quality");
            }
            if (failing) {
                failing = false;
                LOG.info("uplink modem signal readable again");
            }
            return reading;
        } catch (IOException e) {
            return problem("cannot run mmcli: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Parses {@code --output-keyvalue} lines: {@code modem.generic.signal-quality.value : 67}. */
    static Optional<Reading> parse(String output) {
        Integer quality = null;
        String technology = "";
        String state = "";
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("modem.generic.signal-quality.value")) {
                try {
                    int parsed = Integer.parseInt(value);
                    if (parsed >= 0 && parsed <= 100) {
                        quality = parsed;
                    }
                } catch (NumberFormatException e) {
                    // a garbled value is no reading
                }
            } else if (key.startsWith("modem.generic.access-technologies.value") && technology.isEmpty()
                    && !value.equals("--")) {
                technology = value;
            } else if (key.equals("modem.generic.state") && !value.equals("--")) {
                state = value;
            }
        }
        return quality == null ? Optional.empty() : Optional.of(new Reading(quality, technology, state));
    }

    private Optional<Reading> problem(String message) {
        if (!failing) {
            failing = true;
            LOG.warn("uplink modem signal not available: {} (logged once until it works)", message);
        }
        return Optional.empty();
    }
}
