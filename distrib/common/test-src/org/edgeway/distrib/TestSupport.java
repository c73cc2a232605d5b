package org.edgeway.distrib;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small helpers shared by the tests that run distributions and peers (mosquitto, openssl) as processes. */
final class TestSupport {

    private TestSupport() {
    }

    /** The executable at its usual place or on the PATH. */
    static Optional<Path> findExecutable(String name, Path usual) {
        Stream<Path> candidates = Stream.concat(Stream.of(usual),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name)));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code --set} options for a demo gateway that move its simulated Modbus meters (the server and the bus polling
     * it) from their fixed port to a free one, so that test gateways never meet a port in use.
     */
    static List<String> demoMeterPortOptions() throws IOException {
        int port = freePort();
        return List.of("--set", "org.edgeway.demo.meters:port=" + port,
                "--set", "org.edgeway.modbus.bus~depot:port=" + port);
    }

    static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream().collect(Collectors.joining("\n"));
    }

    static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temporary directory is harmless
        }
    }

    /** SIGKILL to every process (and its children) first, also when the test thread was interrupted, then wait. */
    static void killAll(List<Process> processes) {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A port in a {@code .cfg} line ({@code something.port = N}) or in a URL ({@code ://host:N}). */
    private static final Pattern PORT = Pattern.compile("(?m)(^\\s*[\\w.]*port\\s*=\\s*|://[^:/\\s]+:)(\\d+)");

    /**
     * Copies a distribution's {@code etc/} with every port in its {@code .cfg} files replaced by a free one, the same
     * number by the same free port in every file, so that a test gateway never meets a port in use.
     */
    static void copyEtcWithFreePorts(Path from, Path to) throws IOException {
        Map<String, Integer> freePorts = new HashMap<>();
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (source.toString().endsWith(".cfg")) {
                    Files.writeString(target, withFreePorts(Files.readString(source, StandardCharsets.UTF_8),
                            freePorts), StandardCharsets.UTF_8);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String withFreePorts(String cfg, Map<String, Integer> freePorts) throws IOException {
        Matcher matcher = PORT.matcher(cfg);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Integer free = freePorts.get(matcher.group(2));
            if (free == null) {
                free = freePort();
                freePorts.put(matcher.group(2), free);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + free));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
