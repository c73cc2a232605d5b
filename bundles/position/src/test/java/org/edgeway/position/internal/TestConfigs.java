package org.edgeway.position.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration annotation instances for tests: the defaults, with some values replaced. */
final class TestConfigs {

    private TestConfigs() {
    }

    /**
     * @param overrides values by method name (e.g. {@code gpsd_port}), the rest keep their defaults
     */
    static PositionConfig position(Map<String, Object> overrides) {
        return (PositionConfig) Proxy.newProxyInstance(PositionConfig.class.getClassLoader(),
                new Class<?>[] { PositionConfig.class }, (proxy, method, args) -> {
                    String name = method.getName();
                    if (overrides.containsKey(name)) {
                        return overrides.get(name);
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (name) {
                        case "annotationType" -> PositionConfig.class;
                        case "toString" -> "PositionConfig" + overrides;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(name);
                    };
                });
    }
}
