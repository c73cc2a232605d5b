package org.edgeway.transit.internal.ibisip;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A component configuration annotation instance for tests: given values by property name, else the defaults. */
public final class ConfigProxy {

    private ConfigProxy() {
    }

    /**
     * @param type   the configuration annotation type
     * @param values values by DS property name ({@code subscribe.port} for method {@code subscribe_port})
     */
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "toString" -> type.getSimpleName() + values;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    }
                    String property = property(method);
                    return values.containsKey(property) ? values.get(property) : method.getDefaultValue();
                }));
    }

    /** The DS name mapping: a single underscore is a dot. */
    private static String property(Method method) {
        return method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
