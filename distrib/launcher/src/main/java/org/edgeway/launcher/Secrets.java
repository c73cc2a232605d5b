package org.edgeway.launcher;

import java.util.Collection;
import java.util.Locale;

/**
 * Keeps secret values out of everything the launcher prints: a value is secret when its key contains
 * {@code password} or {@code secret} (any case).
 */
final class Secrets {

    static final String MASK = "***";

    private Secrets() {
    }

    static boolean isSecretKey(String key) {
        String lowerCase = key.toLowerCase(Locale.ROOT);
        return lowerCase.contains("password") || lowerCase.contains("secret");
    }

    static String displayValue(String key, String value) {
        return isSecretKey(key) ? MASK : value;
    }

    /**
     * Masks a user-supplied {@code pid:key=value} text that may be malformed, for echoing in an error message: if the
     * part that would be the key looks secret, everything after its {@code =} is masked. Line breaks are shown as
     * {@code \n} so that the message stays on one line.
     */
    static String maskSettingText(String text) {
        int colon = text.indexOf(':');
        int equals = text.indexOf('=', colon + 1);
        String masked = text;
        if (equals >= 0 && isSecretKey(text.substring(colon + 1, equals))) {
            masked = text.substring(0, equals + 1) + MASK;
        }
        return masked.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Masks the secret values of {@code settings} wherever they occur in a text that we did not write ourselves. */
    static String maskValuesIn(String text, Collection<Setting> settings) {
        String masked = text;
        for (Setting setting : settings) {
            if (setting.isSecret() && !setting.value().isEmpty()) {
                masked = masked.replace(setting.value(), MASK);
            }
        }
        return masked;
    }
}
