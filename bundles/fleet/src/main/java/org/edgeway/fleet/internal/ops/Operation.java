package org.edgeway.fleet.internal.ops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a rollout does on each gateway: a configuration change (CONF-V1 {@code PUT configurations/PID}, JSON), a
 * package deployment (DEPLOY-V2 {@code EXEC download}) or a configuration rollback (CONF-V1 {@code EXEC rollback}).
 * Validated at construction: every refusal is an {@link InvalidInput} naming the field ({@code operation.pid}, ...).
 */
public sealed interface Operation permits Operation.Configure, Operation.Deploy, Operation.Rollback {

    /** {@code configure}, {@code deploy} or {@code rollback}: the REST API's and the database's name. */
    String kind();

    /** One line for lists: what it does. */
    String summary();

    /**
     * Changes the keys given in {@code properties} of the configuration {@code pid} on every gateway (other keys keep
     * their values; a null value removes a key, so the component uses its default).
     *
     * @param properties values as JSON gives them: text, numbers, booleans, null, or lists of those. Integral
     *                   numbers are kept as Long (JSON parsers hand 500 over as 500.0, which a Long property refuses)
     */
    record Configure(String pid, Map<String, Object> properties) implements Operation {

        static final int MAX_KEYS = 200;
        static final int MAX_VALUE = 4000;
        static final int MAX_LIST = 1000;
        /** The largest JSON-exact long: beyond it a double is no longer an exact integer. */
        private static final double EXACT = 9_007_199_254_740_992d;

        public Configure {
            OpsCheck.matches("operation.pid", pid, OpsCheck.PID, "a configuration pid (PID or FACTORYPID~NAME of "
                    + "letters, digits, '.', '_', '-')");
            if (properties == null || properties.isEmpty()) {
                throw OpsCheck.invalid("operation.properties", "is empty: give the keys to change");
            }
            if (properties.size() > MAX_KEYS) {
                throw OpsCheck.invalid("operation.properties", "has more than " + MAX_KEYS + " keys");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            properties.forEach((key, value) -> {
                String field = "operation.properties";
                if (key == null || key.length() > OpsCheck.MAX_ID || !OpsCheck.KEY.matcher(key).matches()) {
                    throw OpsCheck.invalid(field, "key " + (key == null ? "null" : OpsCheck.quote(key))
                            + " is not a configuration key (letters, digits, '.', '_', '-')");
                }
                copy.put(key, value(field + "." + key, value, true));
            });
            properties = Collections.unmodifiableMap(copy);
        }

        private static Object value(String field, Object value, boolean listAllowed) {
            if (value == null) {
                if (!listAllowed) {
                    throw OpsCheck.invalid(field, "a list must not hold null");
                }
                return null;
            }
            if (value instanceof String text) {
                if (text.length() > MAX_VALUE) {
                    throw OpsCheck.invalid(field, "is longer than " + MAX_VALUE + " characters");
                }
                if (text.indexOf('\0') >= 0) {
                    throw OpsCheck.invalid(field, "contains a NUL character");
                }
                return text;
            }
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof Number number) {
                return number(field, number);
            }
            if (value instanceof List<?> list && listAllowed) {
                if (list.size() > MAX_LIST) {
                    throw OpsCheck.invalid(field, "has more than " + MAX_LIST + " values");
                }
                List<Object> copy = new ArrayList<>(list.size());
                for (Object item : list) {
                    copy.add(value(field, item, false));
                }
                return Collections.unmodifiableList(copy);
            }
            throw OpsCheck.invalid(field, listAllowed ? "must be text, a number, true/false, null or a list of those"
                    : "a list may only hold text, numbers and true/false");
        }

        private static Object number(String field, Number number) {
            if (number instanceof Long || number instanceof Integer || number instanceof Short
                    || number instanceof Byte) {
                return number.longValue();
            }
            if (number instanceof BigInteger big) {
                try {
                    return big.longValueExact();
                } catch (ArithmeticException e) {
                    throw OpsCheck.invalid(field, "is out of range");
                }
            }
            BigDecimal decimal;
            try {
                decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
            } catch (NumberFormatException e) {
                throw OpsCheck.invalid(field, "is not a finite number");
            }
            double asDouble = decimal.doubleValue();
            if (Double.isInfinite(asDouble)) {
                throw OpsCheck.invalid(field, "is out of range");
            }
            if (decimal.signum() == 0 || (decimal.stripTrailingZeros().scale() <= 0 && Math.abs(asDouble) < EXACT)) {
                return decimal.longValue();
            }
            return asDouble;
        }

        @Override
        public String kind() {
            return "configure";
        }

        @Override
        public String summary() {
            int keys = properties.size();
            return "configure " + pid + " (" + keys + (keys == 1 ? " key: " : " keys: ")
                    + OpsCheck.shorten(String.join(", ", properties.keySet()), 200) + ")";
        }
    }

    /**
     * Downloads a deployment package from {@code uri} and installs it ({@code dp.install=true}).
     *
     * @param uri  http or https, without credentials (they would be stored and shown with the rollout)
     * @param hash optional {@code ALGORITHM:HEX} (any JDK digest, e.g. {@code SHA-256:9f86...}), checked by the gateway
     */
    record Deploy(String uri, String name, String version, String hash) implements Operation {

        static final int MAX_URI = 2000;

        public Deploy {
            uri = checkUri(uri);
            OpsCheck.matches("operation.name", name, OpsCheck.PACKAGE, "a package name (1 to 128 letters, digits, "
                    + "'.', '_', '+' or '-', starting with a letter or digit)");
            OpsCheck.matches("operation.version", version, OpsCheck.PACKAGE, "a package version (1 to 128 letters, "
                    + "digits, '.', '_', '+' or '-', starting with a letter or digit)");
            hash = hash == null || hash.isBlank() ? null : checkHash(hash.strip());
        }

        private static String checkUri(String text) {
            String field = "operation.uri";
            OpsCheck.required(field, text);
            text = text.strip();
            if (text.length() > MAX_URI) {
                throw OpsCheck.invalid(field, "is longer than " + MAX_URI + " characters");
            }
            URI parsed;
            try {
                parsed = new URI(text);
            } catch (URISyntaxException e) {
                throw OpsCheck.invalid(field, OpsCheck.quote(text) + " is not a URL: " + e.getReason());
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw OpsCheck.invalid(field, "must be an http:// or https:// URL");
            }
            if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
                throw OpsCheck.invalid(field, "has no host");
            }
            if (parsed.getRawUserInfo() != null) {
                throw OpsCheck.invalid(field, "must not carry credentials (they would be stored and shown with the "
                        + "rollout); let the download server authorize the gateways another way");
            }
            return text;
        }

        private static String checkHash(String text) {
            String field = "operation.hash";
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw OpsCheck.invalid(field, "must be ALGORITHM:HEX, e.g. SHA-256:9f86d0...");
            }
            String algorithm = text.substring(0, colon);
            String hex = text.substring(colon + 1);
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw OpsCheck.invalid(field, "unknown digest algorithm " + OpsCheck.quote(algorithm));
            }
            if (hex.length() != digest.getDigestLength() * 2 || !HexFormat.isHexDigit(hex.charAt(0))
                    || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw OpsCheck.invalid(field, "a " + algorithm + " digest is " + digest.getDigestLength() * 2
                        + " hexadecimal digits");
            }
            return algorithm + ":" + hex.toLowerCase(Locale.ROOT);
        }

        @Override
        public String kind() {
            return "deploy";
        }

        @Override
        public String summary() {
            return "deploy " + name + " " + version;
        }
    }

    /**
     * Restores configuration snapshot {@code snapshot} on every gateway, or with null undoes each gateway's last
     * configuration change.
     */
    record Rollback(Long snapshot) implements Operation {

        public Rollback {
            if (snapshot != null && snapshot <= 0) {
                throw OpsCheck.invalid("operation.snapshot", "must be a positive snapshot id, not " + snapshot);
            }
        }

        @Override
        public String kind() {
            return "rollback";
        }

        @Override
        public String summary() {
            return snapshot == null ? "rollback: undo the last configuration change"
                    : "rollback to snapshot " + snapshot;
        }
    }
}
