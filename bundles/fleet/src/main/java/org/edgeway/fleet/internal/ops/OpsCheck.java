package org.edgeway.fleet.internal.ops;

import java.util.regex.Pattern;

/** Input checks shared by the operations' records: every refusal is an {@link InvalidInput} naming the field. */
final class OpsCheck {

    static final int MAX_ID = 255;
    /** Gateways in one rollout or group. */
    static final int MAX_TARGETS = 10_000;
    /** Text of a job message or rollout reason kept in the database. */
    static final int MAX_MESSAGE = 1000;

    /** A Configuration Admin pid, {@code FACTORYPID~NAME} for a factory instance (the gateway's own rule). */
    static final Pattern PID = Pattern.compile("[A-Za-z0-9_.\\-]+(~[A-Za-z0-9_.\\-]+)?");
    /** A configuration key (the gateway's own rule). */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");
    /** A deployment package's name or version (docs/deployment.md). */
    static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    /** Group names travel in URLs: plain. */
    static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private OpsCheck() {
    }

    static InvalidInput invalid(String field, String problem) {
        return new InvalidInput(field, problem);
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is missing");
        }
        return value;
    }

    static void matches(String field, String value, Pattern pattern, String what) {
        required(field, value);
        if (value.length() > MAX_ID || !pattern.matcher(value).matches()) {
            throw invalid(field, quote(value) + " is not " + what);
        }
    }

    /**
     * A gateway's client id: one MQTT topic level (it is the second level of every request topic), as the gateway's
     * cloud bundle requires.
     */
    static void clientId(String field, String value) {
        required(field, value);
        if (value.length() > MAX_ID) {
            throw invalid(field, "is longer than " + MAX_ID + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || Character.isISOControl(c)) {
                throw invalid(field, quote(value) + " is not a client id (no '/', '+', '#' or control characters)");
            }
        }
    }

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max + ", not " + value);
        }
    }

    /** For messages: a hostile or mistyped value is not echoed at length, nor with control characters. */
    static String quote(String value) {
        return "'" + shorten(value, 60) + "'";
    }

    /** Cuts a text to {@code max} characters and replaces control characters: for messages that are shown or logged. */
    static String shorten(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(Math.min(value.length(), max + 3));
        for (int i = 0; i < value.length() && i < max; i++) {
            char c = value.charAt(i);
            text.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (value.length() > max) {
            text.append("...");
        }
        return text.toString();
    }
}
