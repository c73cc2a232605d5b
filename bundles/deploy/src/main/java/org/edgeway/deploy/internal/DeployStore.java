package org.edgeway.deploy.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The files under {@code var/deploy/}: {@code state.json} (the committed packages: what the gateway runs),
 * {@code journal.json} (the job in progress, absent when idle), {@code packages/NAME/VERSION/} (the bundles of
 * installed packages, and of the one being installed), {@code downloads/} and {@code staging/}. Both JSON files are
 * written atomically (temporary file, fsync, rename), so a crash leaves the old or the new content, never a mix.
 */
final class DeployStore {

    record InstalledBundle(String symbolicName, String version, boolean fragment, String file) {
    }

    record InstalledPackage(String name, String version, String signer, List<InstalledBundle> bundles) {
        InstalledPackage {
            bundles = List.copyOf(bundles);
        }
    }

    record State(List<InstalledPackage> packages) {
        State {
            packages = List.copyOf(packages);
        }

        Optional<InstalledPackage> get(String name) {
            return packages.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        State with(InstalledPackage replacement) {
            List<InstalledPackage> list = new ArrayList<>(without(replacement.name()).packages());
            list.add(replacement);
            list.sort(java.util.Comparator.comparing(InstalledPackage::name));
            return new State(list);
        }

        State without(String name) {
            return new State(packages.stream().filter(p -> !p.name().equals(name)).toList());
        }
    }

    /** The job in progress: enough to finish or undo it after a crash, plus its steps for the operator. */
    record Journal(String jobId, String owner, String operation, String name, String version, String step,
            List<String> steps) {
        Journal {
            steps = List.copyOf(steps);
        }

        Journal next(String newStep) {
            List<String> all = new ArrayList<>(steps);
            all.add(Instant.now() + " " + newStep);
            return new Journal(jobId, owner, operation, name, version, newStep, all);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path root;

    DeployStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("packages"));
        Files.createDirectories(root.resolve("downloads"));
        Files.createDirectories(root.resolve("staging"));
    }

    Path root() {
        return root;
    }

    Path packageDir(String name, String version) {
        return root.resolve("packages").resolve(name).resolve(version);
    }

    Path downloads() {
        return root.resolve("downloads");
    }

    Path staging() {
        return root.resolve("staging");
    }

    State state() throws IOException {
        return read("state.json", State.class).orElse(new State(List.of()));
    }

    void writeState(State state) throws IOException {
        write("state.json", state);
    }

    Optional<Journal> journal() throws IOException {
        return read("journal.json", Journal.class);
    }

    void writeJournal(Journal journal) throws IOException {
        write("journal.json", journal);
    }

    void clearJournal() throws IOException {
        Files.deleteIfExists(root.resolve("journal.json"));
        fsyncDirectory();
    }

    private <T> Optional<T> read(String name, Class<T> type) throws IOException {
        Path file = root.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type));
        } catch (JsonParseException e) {
            throw new IOException(file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private void write(String name, Object value) throws IOException {
        Path target = root.resolve(name);
        Path temporary = root.resolve(name + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(GSON.toJson(value)));
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory();
    }

    private void fsyncDirectory() {
        try (FileChannel directory = FileChannel.open(root, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }

    /** Deletes a directory tree; missing is fine. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
