package org.edgeway.core.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One configuration value given from outside the configuration files: {@code pid:key=value}. A pid of the form
 * {@code factoryPid~name} addresses a named factory configuration (the one fileinstall creates from
 * {@code etc/factoryPid-name.cfg}).
 */
record Setting(String pid, String key, String value) {

    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_.\\-]+(~[A-Za-z0-9_.\\-]+)?");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    Setting {
        if (!PID.matcher(pid).matches()) {
            throw new IllegalArgumentException("malformed configuration pid '" + pid + "'");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("malformed configuration key '" + key + "' for " + pid);
        }
    }

    static Setting parse(String text) {
        int colon = text.indexOf(':');
        int equals = colon < 0 ? -1 : text.indexOf('=', colon);
        if (colon <= 0 || equals < 0 || equals == colon + 1) {
            throw new IllegalArgumentException("malformed setting '" + text + "': expected <pid>:<key>=<value>");
        }
        return new Setting(text.substring(0, colon), text.substring(colon + 1, equals), text.substring(equals + 1));
    }

    boolean isFactoryInstance() {
        return pid.contains("~");
    }

    String factoryPid() {
        return pid.substring(0, pid.indexOf('~'));
    }

    String instanceName() {
        return pid.substring(pid.indexOf('~') + 1);
    }

    /** Secrets are never shown, whatever their metatype says. */
    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    /** The setting as it may appear in a log line or an error message, before its metatype is known. */
    String describe() {
        return describe(false);
    }

    /** The setting for a log line or an error message; {@code secret} when the metatype says PASSWORD. */
    String describe(boolean secret) {
        return pid + ":" + key + "=" + (secret || isSecretKey(key) ? "***" : "'" + value + "'");
    }
}
