package org.edgeway.web.common.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users of a console with several users and roles, kept in one owner-only file, one user per line:
 * {@code NAME<TAB>ROLE<TAB>HASH} ({@link PasswordHasher} hashes, never passwords). Thread-safe. Deleting the file while
 * the console is stopped brings back the first-start setup.
 */
public final class UserStore {

    /** A user and the role it holds. */
    public record User(String name, String role) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Path file;
    private final PasswordHasher hasher;
    private final Set<String> roles;
    private final String adminRole;
    /** name -> [role, hash], in the file's order. */
    private final Map<String, String[]> users = new LinkedHashMap<>();
    /** Verified when a login names an unknown user, so that unknown and known names take as long. */
    private final String decoyHash;

    /**
     * Reads the file if it exists.
     *
     * @param roles     the roles users may hold
     * @param adminRole the role that manages users: the last user holding it cannot be removed
     * @throws IOException naming the file and the line when it is malformed
     */
    public UserStore(Path file, PasswordHasher hasher, Set<String> roles, String adminRole) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.roles = Set.copyOf(roles);
        this.adminRole = adminRole;
        if (!this.roles.contains(adminRole)) {
            throw new IllegalArgumentException("the admin role " + adminRole + " is not among the roles " + roles);
        }
        this.decoyHash = hasher.hash("decoy password for unknown users".toCharArray());
        load();
    }

    /** @return whether no user exists yet (the console offers the first-start setup) */
    public synchronized boolean isEmpty() {
        return users.isEmpty();
    }

    public synchronized List<User> users() {
        List<User> list = new ArrayList<>();
        users.forEach((name, entry) -> list.add(new User(name, entry[0])));
        return list;
    }

    public synchronized Optional<User> user(String name) {
        String[] entry = users.get(name);
        return entry == null ? Optional.empty() : Optional.of(new User(name, entry[0]));
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException naming the problem: name, role or password not acceptable, or the name taken
     */
    public void add(String name, String role, char[] password) throws IOException {
        checkName(name);
        if (!roles.contains(role)) {
            throw new IllegalArgumentException("role: '" + role + "' is not one of " + roles.stream().sorted().toList());
        }
        String hash = hash(password);
        synchronized (this) {
            if (users.containsKey(name)) {
                throw new IllegalArgumentException("name: a user named " + name + " exists already");
            }
            users.put(name, new String[] {role, hash});
            saveOrUndo(() -> users.remove(name));
        }
    }

    /**
     * Removes a user.
     *
     * @return false if there was none of that name
     * @throws IllegalStateException when it is the last user holding the admin role
     */
    public synchronized boolean remove(String name) throws IOException {
        String[] entry = users.get(name);
        if (entry == null) {
            return false;
        }
        if (entry[0].equals(adminRole) && users.values().stream().filter(e -> e[0].equals(adminRole)).count() == 1) {
            throw new IllegalStateException(name + " is the last " + adminRole + ": add another one first");
        }
        users.remove(name);
        saveOrUndo(() -> users.put(name, entry));
        return true;
    }

    /** Replaces a user's password; false if there is no such user. */
    public boolean setPassword(String name, char[] password) throws IOException {
        String hash = hash(password);
        synchronized (this) {
            String[] entry = users.get(name);
            if (entry == null) {
                return false;
            }
            String previous = entry[1];
            entry[1] = hash;
            saveOrUndo(() -> entry[1] = previous);
            return true;
        }
    }

    /** @return the user if {@code password} is theirs; empty for a wrong password or an unknown name */
    public Optional<User> authenticate(String name, char[] password) {
        String[] entry;
        synchronized (this) {
            String[] found = name == null ? null : users.get(name);
            entry = found == null ? null : found.clone();
        }
        if (entry == null || password == null) {
            hasher.verify(password == null ? new char[0] : password, decoyHash);
            return Optional.empty();
        }
        return hasher.verify(password, entry[1]) ? Optional.of(new User(name, entry[0])) : Optional.empty();
    }

    private String hash(char[] password) {
        Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("password: " + problem.get());
        }
        return hasher.hash(password);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
    }

    private void load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 3 || !NAME.matcher(fields[0]).matches() || !roles.contains(fields[1])
                    || fields[2].isBlank() || users.containsKey(fields[0])) {
                throw new IOException("the users file " + file + " is malformed at line " + number
                        + " (NAME<TAB>ROLE<TAB>HASH, roles " + roles.stream().sorted().toList() + ")");
            }
            users.put(fields[0], new String[] {fields[1], fields[2]});
        }
    }

    /** Writes the file; if that fails, {@code undo} puts the map back as the file still is. */
    private void saveOrUndo(Runnable undo) throws IOException {
        StringBuilder content = new StringBuilder();
        users.forEach((name, entry) -> content.append(name).append('\t').append(entry[0]).append('\t')
                .append(entry[1]).append('\n'));
        try {
            SecureFiles.writeAtomically(file, content.toString());
        } catch (IOException | RuntimeException e) {
            undo.run();
            throw e;
        }
    }
}
