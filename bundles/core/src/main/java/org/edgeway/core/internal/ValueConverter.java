package org.edgeway.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * Turns the text of a setting into the typed value its metatype attribute declares, or explains in one sentence
 * why it cannot. Configuration Admin would accept any string, so without this a typo in a port number would only
 * surface as a component that silently keeps its default.
 */
final class ValueConverter {

    private ValueConverter() {
    }

    static Object convert(AttributeDefinition ad, String text) {
        if (ad.getCardinality() == 0) {
            return convertOne(ad, text.strip());
        }
        List<String> parts = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                parts.add(part.strip());
            }
        }
        return convertAll(ad, parts);
    }

    /**
     * Converts a value given as text (a list comma separated) or already typed: a number, a boolean, an array or a
     * collection, each element taken by its text.
     */
    static Object convert(AttributeDefinition ad, Object value) {
        if (value instanceof String text) {
            return convert(ad, text);
        }
        List<String> parts = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(element -> parts.add(String.valueOf(element).strip()));
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                parts.add(String.valueOf(java.lang.reflect.Array.get(value, i)).strip());
            }
        } else {
            parts.add(String.valueOf(value).strip());
        }
        if (ad.getCardinality() == 0) {
            if (parts.size() != 1) {
                throw new IllegalArgumentException("a single value expected, got " + parts.size());
            }
            return convertOne(ad, parts.get(0));
        }
        return convertAll(ad, parts);
    }

    private static Object convertAll(AttributeDefinition ad, List<String> parts) {
        List<Object> values = new ArrayList<>();
        for (String part : parts) {
            values.add(convertOne(ad, part));
        }
        // Integer.MAX_VALUE and Integer.MIN_VALUE both mean "no limit" (and Math.abs(MIN_VALUE) overflows)
        boolean unbounded = ad.getCardinality() == Integer.MAX_VALUE || ad.getCardinality() == Integer.MIN_VALUE;
        int max = unbounded ? Integer.MAX_VALUE : Math.abs(ad.getCardinality());
        if (values.size() > max) {
            throw new IllegalArgumentException("at most " + max + " values allowed, got " + values.size());
        }
        if (ad.getCardinality() < 0) {
            return values;
        }
        Object array = java.lang.reflect.Array.newInstance(javaType(ad.getType()), values.size());
        for (int i = 0; i < values.size(); i++) {
            java.lang.reflect.Array.set(array, i, values.get(i));
        }
        return array;
    }

    private static Object convertOne(AttributeDefinition ad, String text) {
        boolean secret = isSecret(ad);
        Object value = parse(ad.getType(), text, secret);
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
            throw new IllegalArgumentException("expected one of " + String.join(", ", options));
        }
        String problem = ad.validate(text);
        if (problem != null && !problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** A value is secret when its metatype says PASSWORD or its key is named like a secret. */
    static boolean isSecret(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.PASSWORD || Setting.isSecretKey(ad.getID());
    }

    private static Object parse(int type, String text, boolean secret) {
        String shown = secret ? "***" : "'" + text + "'";
        try {
            return switch (type) {
                case AttributeDefinition.STRING, AttributeDefinition.PASSWORD -> text;
                case AttributeDefinition.LONG -> Long.valueOf(text);
                case AttributeDefinition.INTEGER -> Integer.valueOf(text);
                case AttributeDefinition.SHORT -> Short.valueOf(text);
                case AttributeDefinition.BYTE -> Byte.valueOf(text);
                case AttributeDefinition.DOUBLE -> finite(Double.valueOf(text));
                case AttributeDefinition.FLOAT -> {
                    float value = Float.parseFloat(text);
                    if (!Float.isFinite(value)) {
                        throw new NumberFormatException();
                    }
                    yield value;
                }
                case AttributeDefinition.BOOLEAN -> parseBoolean(text);
                case AttributeDefinition.CHARACTER -> {
                    if (text.length() != 1) {
                        throw new IllegalArgumentException();
                    }
                    yield text.charAt(0);
                }
                default -> text;
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(shown + " is not " + typeName(type));
        }
    }

    private static Double finite(Double value) {
        if (!Double.isFinite(value)) {
            throw new NumberFormatException();
        }
        return value;
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException();
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> "an integer (64 bit)";
            case AttributeDefinition.INTEGER -> "an integer (32 bit)";
            case AttributeDefinition.SHORT -> "an integer (16 bit)";
            case AttributeDefinition.BYTE -> "an integer (8 bit)";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a finite number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "a single character";
            default -> "valid";
        };
    }

    private static Class<?> javaType(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            default -> String.class;
        };
    }
}
