package org.edgeway.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Hand-made fakes of the OSGi services the core bundle talks to. Unused methods throw. */
final class OsgiFakes {

    private OsgiFakes() {
    }

    /** A proxy of {@code type} answering only the named methods; any other call fails the test loudly. */
    static <T> T proxy(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        Object proxy = Proxy.newProxyInstance(OsgiFakes.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "fake " + type.getSimpleName();
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            Function<Object[], Object> answer = answers.get(method.getName());
                            if (answer == null) {
                                throw new UnsupportedOperationException("fake " + type.getSimpleName() + "."
                                        + method.getName() + " not implemented");
                            }
                            return answer.apply(args == null ? new Object[0] : args);
                    }
                });
        return type.cast(proxy);
    }

    static Bundle bundle(String symbolicName, int state) {
        return proxy(Bundle.class, Map.of(
                "getSymbolicName", args -> symbolicName,
                "getState", args -> state));
    }

    /** A bundle context that knows the given bundles and framework properties (absent properties are null). */
    static BundleContext context(Map<String, String> properties, Bundle... bundles) {
        return proxy(BundleContext.class, Map.of(
                "getBundles", args -> bundles.clone(),
                "getProperty", args -> properties.get((String) args[0])));
    }

    /** Metatype information of one bundle. */
    static MetaTypeInformation metaTypeInfo(Bundle bundle, List<ObjectClassDefinition> singletons,
            List<ObjectClassDefinition> factories) {
        Map<String, ObjectClassDefinition> byId = new HashMap<>();
        singletons.forEach(ocd -> byId.put(ocd.getID(), ocd));
        factories.forEach(ocd -> byId.put(ocd.getID(), ocd));
        return proxy(MetaTypeInformation.class, Map.of(
                "getPids", args -> singletons.stream().map(ObjectClassDefinition::getID).toArray(String[]::new),
                "getFactoryPids", args -> factories.stream().map(ObjectClassDefinition::getID).toArray(String[]::new),
                "getObjectClassDefinition", args -> byId.get((String) args[0]),
                "getBundle", args -> bundle));
    }

    /** A metatype service; bundles absent from the map have no metatype (null, as the spec says). */
    static MetaTypeService metaTypeService(Map<Bundle, MetaTypeInformation> infos) {
        return proxy(MetaTypeService.class, Map.of("getMetaTypeInformation", args -> infos.get((Bundle) args[0])));
    }

    static FakeOcd ocd(String id, AttributeDefinition... attributes) {
        return new FakeOcd(id, attributes);
    }

    static FakeAttribute attribute(String id, int type) {
        return new FakeAttribute(id, type);
    }

    /** An attribute definition whose cardinality, options and validation a test sets. */
    /** A ServiceComponentRuntime that knows no component: nothing to wait for. */
    static org.osgi.service.component.runtime.ServiceComponentRuntime noComponents() {
        return (org.osgi.service.component.runtime.ServiceComponentRuntime) java.lang.reflect.Proxy.newProxyInstance(
                OsgiFakes.class.getClassLoader(),
                new Class<?>[] {org.osgi.service.component.runtime.ServiceComponentRuntime.class},
                (proxy, method, args) -> method.getReturnType() == java.util.Collection.class ? java.util.List.of()
                        : null);
    }

    static final class FakeAttribute implements AttributeDefinition {
        private final String id;
        private final int type;
        private int cardinality;
        private String[] options;
        private Function<String, String> validator = value -> "";
        final List<String> validated = new ArrayList<>();

        FakeAttribute(String id, int type) {
            this.id = id;
            this.type = type;
        }

        FakeAttribute cardinality(int value) {
            this.cardinality = value;
            return this;
        }

        FakeAttribute options(String... values) {
            this.options = values;
            return this;
        }

        FakeAttribute validator(Function<String, String> value) {
            this.validator = value;
            return this;
        }

        @Override
        public String getName() {
            return id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return options;
        }

        @Override
        public String[] getOptionLabels() {
            return options;
        }

        @Override
        public String validate(String value) {
            validated.add(value);
            return validator.apply(value);
        }

        @Override
        public String[] getDefaultValue() {
            return null;
        }
    }

    static final class FakeOcd implements ObjectClassDefinition {
        private final String id;
        private final AttributeDefinition[] attributes;

        FakeOcd(String id, AttributeDefinition[] attributes) {
            this.id = id;
            this.attributes = attributes;
        }

        @Override
        public String getName() {
            return id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return filter == ALL ? attributes.clone() : new AttributeDefinition[0];
        }

        @Override
        public InputStream getIcon(int size) {
            return null;
        }
    }

    /**
     * A configuration that, like Felix's, hands out copies of its properties (null before the first update) and
     * records every update.
     */
    static final class FakeConfiguration implements Configuration {
        private final String pid;
        private final String factoryPid;
        private Hashtable<String, Object> properties;
        final List<Dictionary<String, Object>> updates = new ArrayList<>();
        IOException failure;

        FakeConfiguration(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        FakeConfiguration with(Map<String, Object> values) {
            properties = new Hashtable<>(values);
            return this;
        }

        /** The stored properties as a map (empty when never updated). */
        Map<String, Object> stored() {
            return properties == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(properties));
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> values) throws IOException {
            store(values);
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> values) throws IOException {
            store(values);
            return true;
        }

        private void store(Dictionary<String, ?> values) throws IOException {
            if (failure != null) {
                throw failure;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = values.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, values.get(key));
            }
            updates.add(copy);
            properties = copy;
        }

        @Override
        public void delete() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBundleLocation(String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return updates.size();
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }
    }

    /** Configuration Admin over an in-memory map of pid to configuration; records how it was asked. */
    static final class FakeConfigurationAdmin implements ConfigurationAdmin {
        final Map<String, FakeConfiguration> configurations = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        FakeConfiguration add(FakeConfiguration configuration) {
            configurations.put(configuration.getPid(), configuration);
            return configuration;
        }

        @Override
        public Configuration getConfiguration(String pid, String location) {
            calls.add("getConfiguration(" + pid + ", " + location + ")");
            return configurations.computeIfAbsent(pid, p -> new FakeConfiguration(p, null));
        }

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
            calls.add("getFactoryConfiguration(" + factoryPid + ", " + name + ", " + location + ")");
            return configurations.computeIfAbsent(factoryPid + "~" + name, p -> new FakeConfiguration(p, factoryPid));
        }

        @Override
        public Configuration getConfiguration(String pid) {
            throw new UnsupportedOperationException("getConfiguration(" + pid + ") binds to the caller");
        }

        @Override
        public Configuration getFactoryConfiguration(String factoryPid, String name) {
            throw new UnsupportedOperationException("getFactoryConfiguration(" + factoryPid + ", " + name + ")");
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid) {
            throw new UnsupportedOperationException("createFactoryConfiguration(" + factoryPid + ")");
        }

        @Override
        public Configuration createFactoryConfiguration(String factoryPid, String location) {
            throw new UnsupportedOperationException("createFactoryConfiguration(" + factoryPid + ", " + location + ")");
        }

        @Override
        public Configuration[] listConfigurations(String filter) {
            throw new UnsupportedOperationException("listConfigurations(" + filter + ")");
        }
    }
}
