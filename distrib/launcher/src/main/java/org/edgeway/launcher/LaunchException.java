package org.edgeway.launcher;

import java.util.List;

/**
 * A launch failure the user can act on: one or more complete one-line messages (without the {@code edgeway: } prefix)
 * and the exit code to end the process with.
 */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> lines;

    LaunchException(int exitCode, String line) {
        this(exitCode, List.of(line));
    }

    LaunchException(int exitCode, List<String> lines) {
        super(String.join("; ", lines));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a launch failure needs at least one message");
        }
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    static LaunchException badInput(String line) {
        return new LaunchException(ExitCode.BAD_INPUT, line);
    }

    int exitCode() {
        return exitCode;
    }

    List<String> lines() {
        return lines;
    }
}
