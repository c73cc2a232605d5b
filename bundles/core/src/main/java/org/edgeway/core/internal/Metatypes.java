package org.edgeway.core.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.edgeway.api.management.AttributeInfo;
import org.edgeway.api.management.AttributeOption;
import org.edgeway.api.management.AttributeType;
import org.edgeway.api.management.ComponentInfo;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Turns OSGi metatype definitions into the management API's records. */
final class Metatypes {

    private Metatypes() {
    }

    static ComponentInfo describe(String pid, boolean factory, ObjectClassDefinition ocd) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        Set<String> requiredIds = required == null ? Set.of()
                : Arrays.stream(required).map(AttributeDefinition::getID).collect(Collectors.toSet());
        List<AttributeInfo> attributes = new ArrayList<>();
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            attributes.add(attribute(ad, requiredIds.contains(ad.getID())));
        }
        return new ComponentInfo(pid, factory, ocd.getName(), ocd.getDescription(), attributes);
    }

    static AttributeInfo attribute(AttributeDefinition ad, boolean required) {
        List<AttributeOption> options = new ArrayList<>();
        String[] values = ad.getOptionValues();
        String[] labels = ad.getOptionLabels();
        for (int i = 0; values != null && i < values.length; i++) {
            options.add(new AttributeOption(labels != null && i < labels.length ? labels[i] : values[i], values[i]));
        }
        String[] defaults = ad.getDefaultValue();
        return new AttributeInfo(ad.getID(), ad.getName(), ad.getDescription(), type(ad.getType()), ad.getCardinality(),
                defaults == null ? List.of() : Arrays.asList(defaults), bound(ad, "getMin"), bound(ad, "getMax"),
                options, required, ad.getType() == AttributeDefinition.PASSWORD);
    }

    static AttributeType type(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> AttributeType.LONG;
            case AttributeDefinition.INTEGER -> AttributeType.INTEGER;
            case AttributeDefinition.SHORT -> AttributeType.SHORT;
            case AttributeDefinition.CHARACTER -> AttributeType.CHARACTER;
            case AttributeDefinition.BYTE -> AttributeType.BYTE;
            case AttributeDefinition.DOUBLE -> AttributeType.DOUBLE;
            case AttributeDefinition.FLOAT -> AttributeType.FLOAT;
            case AttributeDefinition.BOOLEAN -> AttributeType.BOOLEAN;
            case AttributeDefinition.PASSWORD -> AttributeType.PASSWORD;
            default -> AttributeType.STRING;
        };
    }

    /**
     * The min or max of an attribute. The OSGi interface has no getter (validate() enforces them); Felix MetaType's
     * own definition has one, wrapped in a localizing delegate, so it is read reflectively, null when unavailable.
     */
    static String bound(AttributeDefinition ad, String getter) {
        Object target = ad;
        for (int depth = 0; depth < 2 && target != null; depth++) {
            try {
                Method method = target.getClass().getMethod(getter);
                Object value = method.invoke(target);
                return value == null ? null : value.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                target = delegate(target);
            }
        }
        return null;
    }

    private static Object delegate(Object definition) {
        try {
            Field field = definition.getClass().getDeclaredField("ad");
            field.setAccessible(true);
            return field.get(definition);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
