package org.edgeway.core.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands components the clear text of secrets that Configuration Admin stores encrypted ({@code {enc}...}).
 * Felix Configuration Admin calls plugins both when it delivers to a ManagedService(Factory) and in
 * {@code Configuration.getProcessedProperties}, which is how Felix SCR reads a component's configuration; so every
 * component receives clear values while Configuration Admin, its files and etc/*.cfg hold only ciphertext.
 * The core bundle starts at level 2, before every bundle with components that take secrets (level 3 and deploy/ at
 * 5), so the plugin is registered before they are configured. ({@code felix.cm.config.plugins} would make
 * Configuration Admin wait for it, but would also leave the whole gateway unconfigured if the core bundle failed.)
 */
@Component(property = {
        ConfigurationPlugin.CM_RANKING + ":Integer=0",
        "config.plugin.id=" + SecretsPlugin.PLUGIN_ID })
public class SecretsPlugin implements ConfigurationPlugin {

    static final String PLUGIN_ID = "org.edgeway.core.secrets";
    private static final Logger LOG = LoggerFactory.getLogger(SecretsPlugin.class);

    private final SecretBox box;

    @Activate
    public SecretsPlugin(BundleContext context) throws IOException {
        this.box = SecretBox.loadOrCreate(KeyLocation.keyFile(context));
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        for (String key : Collections.list(properties.keys())) {
            Object value = properties.get(key);
            if (!SecretBox.holdsEncrypted(value)) {
                continue;
            }
            try {
                properties.put(key, box.decryptValue(value));
            } catch (IllegalArgumentException e) {
                // leave it encrypted: the component fails to authenticate rather than receiving garbage
                LOG.error("configuration {} key {}: {}", properties.get("service.pid"), key, e.getMessage());
            }
        }
    }
}
