package org.edgeway.core.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.edgeway.api.management.ComponentInfo;
import org.edgeway.api.management.ConfigurationException;
import org.edgeway.api.management.ConfigurationException.Reason;
import org.edgeway.api.management.ConfigurationInfo;
import org.edgeway.api.management.ConfigurationService;
import org.edgeway.api.management.SnapshotInfo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConfigurationService}: every change is validated against the metatype before anything is stored,
 * secrets are encrypted, a snapshot is taken after every change (and before it, when the configurations were
 * changed elsewhere since the newest snapshot), and a change returns once its component is active again.
 * Changes are serialized.
 */
@Component(configurationPid = ConfigurationManager.PID)
@Designate(ocd = ManagementConfig.class)
public class ConfigurationManager implements ConfigurationService {

    static final String PID = "org.edgeway.core.management";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationManager.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final ConfigurationAdmin configAdmin;
    private final MetatypeCatalog catalog;
    private final ServiceComponentRuntime scr;
    private final SecretBox box;
    private final ConfigurationValidator validator;
    private final SnapshotStore snapshots;
    private final Object changes = new Object();
    private volatile ManagementConfig config;

    @Activate
    public ConfigurationManager(BundleContext context, ManagementConfig config, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, @Reference ServiceComponentRuntime scr) throws IOException {
        this.config = config;
        this.configAdmin = configAdmin;
        this.catalog = new MetatypeCatalog(context, metaType);
        this.scr = scr;
        this.box = SecretBox.loadOrCreate(KeyLocation.keyFile(context));
        this.validator = new ConfigurationValidator(box);
        this.snapshots = new SnapshotStore(KeyLocation.snapshotDirectory(context));
    }

    @Modified
    void modified(ManagementConfig changed) {
        this.config = changed;
    }

    @Override
    public List<ComponentInfo> components() {
        List<ComponentInfo> components = new ArrayList<>();
        catalog.all().forEach((pid, described) ->
                components.add(Metatypes.describe(pid, described.factory(), described.definition())));
        return components;
    }

    @Override
    public List<ConfigurationInfo> configurations() {
        Map<String, ComponentInfo> definitions = definitions();
        List<ConfigurationInfo> infos = new ArrayList<>();
        for (Configuration configuration : all()) {
            infos.add(info(configuration, definitions));
        }
        infos.sort((a, b) -> a.pid().compareTo(b.pid()));
        return infos;
    }

    @Override
    public Optional<ConfigurationInfo> configuration(String pid) {
        return find(pid).map(configuration -> info(configuration, definitions()));
    }

    @Override
    public ConfigurationInfo update(String pid, Map<String, Object> values) throws ConfigurationException {
        return updateAll(Map.of(pid, values)).get(0);
    }

    @Override
    public List<ConfigurationInfo> updateAll(Map<String, Map<String, Object>> values) throws ConfigurationException {
        synchronized (changes) {
            Map<String, Prepared> prepared = new LinkedHashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> entry : values.entrySet()) {
                prepare(entry.getKey(), entry.getValue(), false, prepared, problems);
            }
            return apply(prepared, problems, "update " + String.join(", ", values.keySet()));
        }
    }

    @Override
    public ConfigurationInfo createFactoryInstance(String factoryPid, String name, Map<String, Object> values)
            throws ConfigurationException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigurationException(Reason.INVALID, "malformed factory instance name '" + name
                    + "': letters, digits, '_', '.' and '-' only");
        }
        String pid = factoryPid + "~" + name;
        synchronized (changes) {
            if (find(pid).isPresent()) {
                throw new ConfigurationException(Reason.INVALID, "factory instance " + pid + " exists already");
            }
            Map<String, Prepared> prepared = new LinkedHashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            prepare(pid, values, true, prepared, problems);
            return apply(prepared, problems, "create " + pid).get(0);
        }
    }

    @Override
    public void delete(String pid) throws ConfigurationException {
        synchronized (changes) {
            Configuration configuration = find(pid).orElseThrow(() ->
                    new ConfigurationException(Reason.NOT_FOUND, "no configuration " + pid));
            snapshotIfChangedElsewhere("before delete " + pid);
            try {
                configuration.delete();
            } catch (IOException | IllegalStateException e) {
                throw new ConfigurationException(Reason.FAILED, "cannot delete " + pid + ": " + e.getMessage());
            }
            LOG.info("configuration deleted: {}", pid);
            snapshotAfterChange("delete " + pid);
        }
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return snapshots.list();
    }

    @Override
    public SnapshotInfo takeSnapshot() throws ConfigurationException {
        synchronized (changes) {
            return take("on demand").info();
        }
    }

    @Override
    public void rollback(long id) throws ConfigurationException {
        synchronized (changes) {
            Snapshot target = snapshots.load(id).orElseThrow(() ->
                    new ConfigurationException(Reason.NOT_FOUND, "no snapshot " + id));
            snapshotIfChangedElsewhere("before rollback to " + id);
            RollbackPlan plan = RollbackPlan.between(current(), target.configurations());
            List<String> failures = new ArrayList<>();
            for (String pid : plan.delete()) {
                try {
                    find(pid).ifPresent(configuration -> {
                        try {
                            configuration.delete();
                        } catch (IOException e) {
                            failures.add("cannot delete " + pid + ": " + e.getMessage());
                        }
                    });
                } catch (IllegalStateException e) {
                    failures.add("cannot delete " + pid + ": " + e.getMessage());
                }
            }
            for (Snapshot.Entry entry : plan.write()) {
                try {
                    Configuration configuration = find(entry.pid()).orElse(null);
                    if (configuration == null) {
                        configuration = create(entry.pid(), entry.factoryPid());
                    }
                    configuration.update(new Hashtable<>(entry.properties()));
                } catch (IOException | IllegalStateException e) {
                    failures.add("cannot restore " + entry.pid() + ": " + e.getMessage());
                }
            }
            LOG.info("configuration rolled back to snapshot {}: {} written, {} deleted{}", id, plan.write().size(),
                    plan.delete().size(), failures.isEmpty() ? "" : ", failures: " + failures);
            snapshotAfterChange("rollback to " + id);
            if (!failures.isEmpty()) {
                throw new ConfigurationException(Reason.FAILED, "rollback to " + id + " incomplete: " + String.join("; ", failures));
            }
        }
    }

    @Override
    public String exportKuraXml(long id) throws ConfigurationException {
        Snapshot snapshot = snapshots.load(id).orElseThrow(() ->
                new ConfigurationException(Reason.NOT_FOUND, "no snapshot " + id));
        return KuraXml.write(snapshot.configurations(), Map.of());
    }

    @Override
    public List<ConfigurationInfo> importKuraXml(String xml) throws ConfigurationException {
        List<KuraXml.Configuration> parsed;
        try {
            parsed = KuraXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Reason.INVALID, e.getMessage());
        }
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (KuraXml.Configuration configuration : parsed) {
            values.merge(configuration.pid(), configuration.values(), (a, b) -> {
                Map<String, Object> merged = new LinkedHashMap<>(a);
                merged.putAll(b);
                return merged;
            });
        }
        if (values.isEmpty()) {
            throw new ConfigurationException(Reason.INVALID, "no esf:configuration in the document");
        }
        return updateAll(values);
    }

    /** A validated change of one configuration, ready to store. */
    private record Prepared(String pid, String factoryPid, Configuration existing, Dictionary<String, Object> before,
            Hashtable<String, Object> after, Map<String, ?> changed) {
    }

    private void prepare(String pid, Map<String, Object> values, boolean create, Map<String, Prepared> prepared,
            Map<String, String> problems) throws ConfigurationException {
        Optional<Configuration> existing = create ? Optional.empty() : find(pid);
        String factoryPid = existing.map(Configuration::getFactoryPid)
                .orElse(pid.contains("~") ? pid.substring(0, pid.indexOf('~')) : null);
        String describedPid = factoryPid != null ? factoryPid : pid;
        Optional<MetatypeCatalog.Described> described = catalog.find(describedPid);
        if (described.isEmpty()) {
            throw new ConfigurationException(Reason.NOT_FOUND, "unknown configuration pid '" + pid
                    + "': no component describes " + describedPid);
        }
        if (described.get().factory() != (factoryPid != null)) {
            throw new ConfigurationException(Reason.NOT_FOUND, described.get().factory()
                    ? "'" + describedPid + "' is a factory pid: name an instance as " + describedPid + "~<name>"
                    : "'" + describedPid + "' is not a factory pid");
        }
        if (factoryPid != null && existing.isEmpty() && !NAME.matcher(pid.substring(pid.indexOf('~') + 1)).matches()) {
            throw new ConfigurationException(Reason.INVALID, "malformed factory instance name in '" + pid + "'");
        }
        Dictionary<String, Object> before = existing.map(Configuration::getProperties).orElse(null);
        ConfigurationValidator.Result result = validator.merge(pid, described.get().definition(), before,
                values == null ? Map.of() : values);
        problems.putAll(result.problems());
        prepared.put(pid, new Prepared(pid, factoryPid, existing.orElse(null), before, result.properties(),
                values == null ? Map.of() : values));
    }

    private List<ConfigurationInfo> apply(Map<String, Prepared> prepared, Map<String, String> problems, String reason)
            throws ConfigurationException {
        if (!problems.isEmpty()) {
            List<String> sentences = new ArrayList<>();
            problems.forEach((field, problem) -> sentences.add(field + ": " + problem));
            throw new ConfigurationException(Reason.INVALID, "invalid configuration, nothing changed: "
                    + String.join("; ", sentences), problems);
        }
        snapshotIfChangedElsewhere("before " + reason);
        List<Prepared> written = new ArrayList<>();
        try {
            for (Prepared change : prepared.values()) {
                Configuration configuration = change.existing() != null ? change.existing()
                        : create(change.pid(), change.factoryPid());
                configuration.update(change.after());
                written.add(change);
                LOG.info("configuration updated: {} keys {}", change.pid(), change.changed().keySet());
            }
        } catch (IOException | IllegalStateException e) {
            restore(written);
            throw new ConfigurationException(Reason.FAILED, "cannot store " + reason + ": " + e.getMessage());
        }
        for (Prepared change : written) {
            Optional<String> failure = awaitComponents(change);
            if (failure.isPresent()) {
                restore(written);
                snapshotAfterChange("restored after failed " + reason);
                throw new ConfigurationException(Reason.ACTIVATION_FAILED, "component of " + change.pid()
                        + " failed to activate with the new values, the previous ones were restored: " + failure.get());
            }
        }
        snapshotAfterChange(reason);
        Map<String, ComponentInfo> definitions = definitions();
        List<ConfigurationInfo> infos = new ArrayList<>();
        for (Prepared change : written) {
            find(change.pid()).ifPresent(configuration -> infos.add(info(configuration, definitions)));
        }
        return infos;
    }

    private void restore(List<Prepared> written) {
        for (Prepared change : written) {
            try {
                Optional<Configuration> configuration = find(change.pid());
                if (change.before() == null) {
                    if (configuration.isPresent()) {
                        configuration.get().delete();
                    }
                } else if (configuration.isPresent()) {
                    configuration.get().update(change.before());
                }
            } catch (IOException | IllegalStateException e) {
                LOG.error("cannot restore configuration {}: {}", change.pid(), e.getMessage());
            }
        }
    }

    /**
     * Waits until every component configured by the pid shows the new values, and reports its failure if it did not
     * activate with them. Components without a configuration of this pid are not waited for.
     */
    private Optional<String> awaitComponents(Prepared change) {
        Map<String, Object> expected = new TreeMap<>();
        change.changed().keySet().forEach(key -> {
            Object value = change.after().get(key);
            if (value != null && !ConfigurationValidator.SYSTEM_KEYS.contains(key)) {
                expected.put(key, box.decryptValue(value));
            }
        });
        return new ComponentSettle(scr).await(change.pid(), change.factoryPid(), expected,
                config.activation_timeout_ms());
    }

    private Configuration create(String pid, String factoryPid) throws IOException {
        if (factoryPid == null) {
            return configAdmin.getConfiguration(pid, "?");
        }
        int tilde = pid.indexOf('~');
        return tilde > 0 && pid.substring(0, tilde).equals(factoryPid)
                ? configAdmin.getFactoryConfiguration(factoryPid, pid.substring(tilde + 1), "?")
                : configAdmin.createFactoryConfiguration(factoryPid, "?");
    }

    private void snapshotIfChangedElsewhere(String reason) throws ConfigurationException {
        List<SnapshotInfo> all = snapshots.list();
        Optional<Snapshot> newest = all.isEmpty() ? Optional.empty() : snapshots.load(all.get(0).id());
        if (newest.isEmpty() || !RollbackPlan.between(current(), newest.get().configurations()).isEmpty()) {
            take(reason);
        }
    }

    private void snapshotAfterChange(String reason) {
        try {
            take(reason);
        } catch (ConfigurationException e) {
            LOG.error("no snapshot after {}: {}", reason, e.getMessage());
        }
    }

    private Snapshot take(String reason) throws ConfigurationException {
        Instant now = Instant.now();
        Snapshot snapshot = new Snapshot(snapshots.nextId(now), now, reason, current());
        try {
            snapshots.save(snapshot, config.snapshots_keep());
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(Reason.FAILED, "cannot store snapshot: " + e.getMessage());
        }
        return snapshot;
    }

    private List<Snapshot.Entry> current() {
        List<Snapshot.Entry> entries = new ArrayList<>();
        for (Configuration configuration : all()) {
            entries.add(Snapshot.Entry.of(configuration.getPid(), configuration.getFactoryPid(), configuration.getProperties()));
        }
        return entries;
    }

    private List<Configuration> all() {
        try {
            Configuration[] all = configAdmin.listConfigurations(null);
            return all == null ? List.of() : List.of(all);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage(), e);
        }
    }

    Optional<Configuration> find(String pid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
    }

    private Map<String, ComponentInfo> definitions() {
        Map<String, ComponentInfo> definitions = new TreeMap<>();
        components().forEach(component -> definitions.put(component.pid(), component));
        return definitions;
    }

    private ConfigurationInfo info(Configuration configuration, Map<String, ComponentInfo> definitions) {
        String describedPid = configuration.getFactoryPid() != null ? configuration.getFactoryPid() : configuration.getPid();
        ComponentInfo definition = definitions.get(describedPid);
        Dictionary<String, Object> properties = configuration.getProperties();
        Map<String, Object> shown = new TreeMap<>();
        if (properties != null) {
            Set<String> secrets = ConfigurationValidator.secretKeys(catalog.find(describedPid)
                    .map(MetatypeCatalog.Described::definition).orElse(null), java.util.Collections.list(properties.keys()));
            for (String key : java.util.Collections.list(properties.keys())) {
                Object value = properties.get(key);
                boolean secret = secrets.contains(key) || SecretBox.holdsEncrypted(value);
                shown.put(key, secret && !"".equals(value) ? SECRET_PLACEHOLDER : value);
            }
        }
        return new ConfigurationInfo(configuration.getPid(), configuration.getFactoryPid(), shown, definition);
    }

    /** RFC 1960 escaping, so a pid with '*' or parentheses is matched literally. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
