package org.edgeway.launcher;

import java.util.regex.Pattern;

/**
 * One launch-time configuration value for the configuration {@code pid}, from an environment variable or
 * {@code --set pid:key=value}. {@link #toString()} masks secret values; {@link #argument()} does not.
 */
record Setting(String pid, String key, String value) {

    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_.\\-~]+");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /**
     * Parses {@code pid:key=value}. The pid ends at the first {@code :} and the key at the first {@code =} after it, so
     * the value may itself contain {@code :} and {@code =}.
     */
    static Setting parse(String text) throws LaunchException {
        int colon = text.indexOf(':');
        int equals = colon < 0 ? -1 : text.indexOf('=', colon + 1);
        if (equals < 0) {
            throw malformed(text);
        }
        String pid = text.substring(0, colon);
        String key = text.substring(colon + 1, equals);
        String value = text.substring(equals + 1);
        if (!PID.matcher(pid).matches() || !KEY.matcher(key).matches() || !isSingleLine(value)) {
            throw malformed(text);
        }
        return new Setting(pid, key, value);
    }

    static boolean isSingleLine(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    private static LaunchException malformed(String text) {
        return LaunchException.badInput(
                "malformed --set '" + Secrets.maskSettingText(text) + "': expected <pid>:<key>=<value>");
    }

    /** Identifies the configuration property; a later setting with the same target replaces an earlier one. */
    String target() {
        return pid + ":" + key;
    }

    boolean isSecret() {
        return Secrets.isSecretKey(key);
    }

    /** The unmasked {@code pid:key=value} text handed to the core bundle; never print it. */
    String argument() {
        return target() + "=" + value;
    }

    @Override
    public String toString() {
        return target() + "=" + Secrets.displayValue(key, value);
    }
}
