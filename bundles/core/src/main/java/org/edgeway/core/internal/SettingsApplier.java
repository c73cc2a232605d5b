package org.edgeway.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a {@link Setting} against the metatype of its pid and, only when valid, merges it into the
 * configuration. Used for launch-time settings (environment, {@code --set}) and the shell's {@code edgeway:set}.
 */
final class SettingsApplier {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsApplier.class);
    /** Property fileinstall puts on configurations it manages from a file. */
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    private static final long FILE_CONFIGURATION_WAIT_MS = 10_000;

    /** How long a component may take to show a launch setting before the launch goes on anyway (logged). */
    private static final long COMPONENT_SETTLE_MS = 10_000;

    private final MetatypeCatalog catalog;
    private final ConfigurationAdmin configAdmin;
    private final ComponentSettle settle;
    private final SecretBox secrets;
    private final Path etcDirectory;

    /**
     * @param scr     to wait until components show each setting; null not to wait
     * @param secrets encrypts PASSWORD values before they are stored (as remote configuration does); null stores
     *                them as given
     */
    SettingsApplier(BundleContext context, MetatypeCatalog catalog, ConfigurationAdmin configAdmin,
            ServiceComponentRuntime scr, SecretBox secrets) {
        this.catalog = catalog;
        this.configAdmin = configAdmin;
        this.settle = scr == null ? null : new ComponentSettle(scr);
        this.secrets = secrets;
        String home = context.getProperty("edgeway.home");
        this.etcDirectory = home == null ? null : Path.of(home, "etc");
    }

    /** Applies the setting; returns null when applied, else one sentence naming what is wrong. */
    String apply(Setting setting) {
        String problem = validate(setting);
        if (problem != null) {
            return problem;
        }
        String shown = setting.describe(isSecret(setting));
        try {
            write(setting);
            LOG.info("configuration set: {}", shown);
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot store " + shown + ": " + e.getMessage();
        }
    }

    /** Whether the setting's value must not be shown: a PASSWORD attribute or a key named like a secret. */
    boolean isSecret(Setting setting) {
        String describedPid = setting.isFactoryInstance() ? setting.factoryPid() : setting.pid();
        return Setting.isSecretKey(setting.key()) || catalog.find(describedPid)
                .flatMap(d -> attribute(d.definition(), setting.key()))
                .map(ValueConverter::isSecret)
                .orElse(false);
    }

    private String validate(Setting setting) {
        String describedPid = setting.isFactoryInstance() ? setting.factoryPid() : setting.pid();
        Optional<MetatypeCatalog.Described> described = catalog.find(describedPid);
        if (described.isEmpty()) {
            return "unknown configuration pid '" + describedPid + "' in " + setting.describe();
        }
        if (described.get().factory() != setting.isFactoryInstance()) {
            return described.get().factory()
                    ? "'" + describedPid + "' is a factory pid: name an instance as " + describedPid + "~<name> in " + setting.describe()
                    : "'" + describedPid + "' is not a factory pid in " + setting.describe();
        }
        Optional<AttributeDefinition> attribute = attribute(described.get().definition(), setting.key());
        if (attribute.isEmpty()) {
            return "unknown key '" + setting.key() + "' for " + describedPid + " in " + setting.describe();
        }
        try {
            ValueConverter.convert(attribute.get(), setting.value());
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid value for " + setting.pid() + ":" + setting.key() + ": " + e.getMessage();
        }
    }

    private void write(Setting setting) throws IOException {
        String describedPid = setting.isFactoryInstance() ? setting.factoryPid() : setting.pid();
        AttributeDefinition ad = catalog.find(describedPid)
                .flatMap(d -> attribute(d.definition(), setting.key())).orElseThrow();
        Configuration configuration = setting.isFactoryInstance()
                ? configAdmin.getFactoryConfiguration(setting.factoryPid(), setting.instanceName(), "?")
                : configAdmin.getConfiguration(setting.pid(), "?");
        waitForFileInstall(setting, configuration);
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> merged = properties == null ? new Hashtable<>() : properties;
        Object value = ValueConverter.convert(ad, setting.value());
        // components get the clear value back from SecretsPlugin; Configuration Admin and etc/ keep ciphertext
        boolean encrypt = secrets != null && ValueConverter.isSecret(ad) && value instanceof String;
        merged.put(setting.key(), encrypt ? secrets.encrypt((String) value) : value);
        configuration.updateIfDifferent(merged);
        if (settle != null) {
            // the launcher starts the next start level when this returns: its components must see every setting
            // (a birth certificate with half of the --set identity was seen before this wait)
            settle.await(setting.pid(), setting.isFactoryInstance() ? setting.factoryPid() : null,
                    Map.of(setting.key(), value), COMPONENT_SETTLE_MS);
        }
    }

    /**
     * When the pid has a file in etc/, fileinstall loads it asynchronously at startup. Updating before it has
     * would let the file's values overwrite ours a moment later, so wait until fileinstall owns the configuration;
     * our update is then written back to that file.
     */
    private void waitForFileInstall(Setting setting, Configuration configuration) throws IOException {
        if (etcDirectory == null || !hasEtcFile(setting.pid())) {
            return;
        }
        long deadline = System.currentTimeMillis() + FILE_CONFIGURATION_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties != null && properties.get(FILEINSTALL_FILENAME) != null) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for etc/ configuration of " + setting.pid());
            }
        }
        LOG.warn("etc/ configuration of {} was not loaded within {} ms; applying {} anyway",
                setting.pid(), FILE_CONFIGURATION_WAIT_MS, setting.describe());
    }

    private boolean hasEtcFile(String pid) {
        String base = pid.replace('~', '-');
        return Files.exists(etcDirectory.resolve(base + ".cfg")) || Files.exists(etcDirectory.resolve(base + ".config"));
    }

    static Optional<AttributeDefinition> attribute(ObjectClassDefinition ocd, String key) {
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        return all == null ? Optional.empty() : Arrays.stream(all).filter(ad -> ad.getID().equals(key)).findFirst();
    }
}
