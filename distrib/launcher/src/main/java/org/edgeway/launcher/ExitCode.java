package org.edgeway.launcher;

/** The process exit codes of the launcher; documented in {@link Main} and in {@code --help}. */
final class ExitCode {

    /** The framework stopped normally (also after a stop from the Gogo shell), or help/version was printed. */
    static final int OK = 0;

    /** Something unexpected went wrong. */
    static final int UNEXPECTED = 1;

    /** Bad input: options, launch settings, home directory or distribution files. Restarting will not help. */
    static final int BAD_INPUT = 2;

    /** The gateway started but reported problems. */
    static final int STARTUP_PROBLEMS = 3;

    private ExitCode() {
    }
}
