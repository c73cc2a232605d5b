package org.edgeway.core.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.edgeway.api.management.ConfigurationService;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Merges new values into a configuration after checking every one of them against the metatype: type, range and
 * validation, options, cardinality, required. Secret values (type PASSWORD) are encrypted on the way in; the
 * placeholder keeps the stored secret. Pure: nothing is stored here.
 */
final class ConfigurationValidator {

    /** Keys the framework, Configuration Admin, fileinstall or Kura put on configurations: never validated. */
    static final Set<String> SYSTEM_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", "kura.service.pid", "component.name", "component.id", "objectClass",
            "service.id", "kura.ui.service.hide", "kura.ui.factory.hide", "kura.cloud.service.factory.pid");

    /** The merged properties, or the problems (by {@code pid:key}) when any value is invalid. */
    record Result(Hashtable<String, Object> properties, Map<String, String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private final SecretBox box;

    ConfigurationValidator(SecretBox box) {
        this.box = box;
    }

    /**
     * @param pid      the configuration pid, for messages
     * @param ocd      the metatype of the pid or factory pid
     * @param existing the stored properties, or null
     * @param changes  new values by key; null removes a key
     */
    Result merge(String pid, ObjectClassDefinition ocd, Dictionary<String, Object> existing, Map<String, ?> changes) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            attributes.put(ad.getID(), ad);
        }
        Hashtable<String, Object> merged = new Hashtable<>();
        if (existing != null) {
            for (String key : Collections.list(existing.keys())) {
                merged.put(key, existing.get(key));
            }
        }
        Map<String, String> problems = new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            if (key == null || SYSTEM_KEYS.contains(key)) {
                return;
            }
            AttributeDefinition ad = attributes.get(key);
            if (ad == null) {
                // a key the metatype does not know may stay as it is (e.g. a target filter), not be changed
                if (value != null && !(merged.containsKey(key) && sameText(merged.get(key), value))) {
                    problems.put(pid + ":" + key, "unknown key (not in the metatype of " + ocd.getID() + ")");
                }
                return;
            }
            if (value == null) {
                merged.remove(key);
                return;
            }
            try {
                merged.put(key, ValueConverter.isSecret(ad) && ad.getType() == AttributeDefinition.PASSWORD
                        ? secret(ad, merged.get(key), value)
                        : ValueConverter.convert(ad, value));
            } catch (IllegalArgumentException e) {
                problems.put(pid + ":" + key, e.getMessage());
            }
        });
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        for (AttributeDefinition ad : required == null ? new AttributeDefinition[0] : required) {
            String[] defaults = ad.getDefaultValue();
            boolean hasDefault = defaults != null && defaults.length > 0;
            if (!merged.containsKey(ad.getID()) && !hasDefault && !problems.containsKey(pid + ":" + ad.getID())) {
                problems.put(pid + ":" + ad.getID(), "a value is required");
            }
        }
        return new Result(merged, problems);
    }

    /** A PASSWORD value: the placeholder keeps the stored one, ours stays encrypted, a clear one is encrypted. */
    private Object secret(AttributeDefinition ad, Object stored, Object value) {
        if (ConfigurationService.SECRET_PLACEHOLDER.equals(value)) {
            return stored == null ? "" : stored;
        }
        if (SecretBox.isEncrypted(value) && ad.getCardinality() == 0) {
            box.decrypt((String) value); // ours, or refused
            return value;
        }
        Object converted = ValueConverter.convert(ad, value);
        if (converted instanceof String text) {
            return text.isEmpty() ? text : box.encrypt(text);
        }
        if (converted instanceof String[] array) {
            return Arrays.stream(array).map(v -> v.isEmpty() ? v : box.encrypt(v)).toArray(String[]::new);
        }
        if (converted instanceof List<?> list) {
            return list.stream().map(v -> ((String) v).isEmpty() ? v : box.encrypt((String) v)).toList();
        }
        return converted;
    }

    /** Whether two values of a configuration print alike (a stored Long and the text "5" do). */
    static boolean sameText(Object a, Object b) {
        return Objects.equals(text(a), text(b));
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        if (value.getClass().isArray()) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                out.append(i == 0 ? "" : ",").append(java.lang.reflect.Array.get(value, i));
            }
            return out.toString();
        }
        if (value instanceof java.util.Collection<?> collection) {
            return String.join(",", collection.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** The keys whose values are secret: PASSWORD attributes and keys named like a secret. */
    static Set<String> secretKeys(ObjectClassDefinition ocd, Iterable<String> keys) {
        Set<String> secret = new HashSet<>();
        AttributeDefinition[] all = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            if (ValueConverter.isSecret(ad)) {
                secret.add(ad.getID());
            }
        }
        for (String key : keys) {
            if (Setting.isSecretKey(key)) {
                secret.add(key);
            }
        }
        return secret;
    }
}
