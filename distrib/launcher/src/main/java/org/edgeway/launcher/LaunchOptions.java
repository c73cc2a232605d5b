package org.edgeway.launcher;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The command line: {@code --home DIR}, {@code --set PID:KEY=VALUE} (repeatable), {@code --help}, {@code --version}. */
record LaunchOptions(Optional<Path> home, List<Setting> settings, boolean help, boolean version) {

    LaunchOptions {
        settings = List.copyOf(settings);
    }

    static LaunchOptions parse(String... args) throws LaunchException {
        Path home = null;
        List<Setting> settings = new ArrayList<>();
        boolean help = false;
        boolean version = false;
        Deque<String> remaining = new ArrayDeque<>(List.of(args));
        while (!remaining.isEmpty()) {
            String arg = remaining.poll();
            int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String inlineValue = equals < 0 ? null : arg.substring(equals + 1);
            switch (name) {
                case "--help", "--version" -> {
                    if (inlineValue != null) {
                        throw unknownOption(arg);
                    }
                    help |= name.equals("--help");
                    version |= name.equals("--version");
                }
                case "--home" -> {
                    if (home != null) {
                        throw LaunchException.badInput("option '--home' given more than once (see --help)");
                    }
                    String value = inlineValue != null ? inlineValue : takeValue(remaining);
                    if (value == null || value.isEmpty()) {
                        throw missingValue(name);
                    }
                    home = Path.of(value);
                }
                case "--set" -> {
                    String value = inlineValue != null ? inlineValue : takeValue(remaining);
                    if (value == null) {
                        throw missingValue(name);
                    }
                    settings.add(Setting.parse(value));
                }
                default -> throw unknownOption(arg);
            }
        }
        return new LaunchOptions(Optional.ofNullable(home), settings, help, version);
    }

    /** Takes the next argument as an option's value, unless there is none or it is the next option. */
    private static String takeValue(Deque<String> remaining) {
        String next = remaining.peek();
        return next == null || next.startsWith("--") ? null : remaining.poll();
    }

    private static LaunchException unknownOption(String arg) {
        // masked too: a mistyped --set may carry a password
        return LaunchException.badInput("unknown option '" + Secrets.maskSettingText(arg) + "' (see --help)");
    }

    private static LaunchException missingValue(String option) {
        return LaunchException.badInput("option '" + option + "' needs a value (see --help)");
    }
}
