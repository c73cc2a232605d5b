package org.edgeway.core.internal;

import java.io.IOException;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Applies launch-time settings for the launcher, which lives outside the framework. It is registered under the
 * JDK interface {@link Function} ({@code "pid:key=value"} in, null or an error sentence out) because the launcher
 * and the bundles share no class but the JDK's.
 */
@Component(service = Function.class, property = "edgeway.service=launch-settings")
public class LaunchSettingsComponent implements Function<String, String> {

    private final SettingsApplier applier;

    @Activate
    public LaunchSettingsComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, @Reference ServiceComponentRuntime scr) throws IOException {
        this.applier = new SettingsApplier(context, new MetatypeCatalog(context, metaType), configAdmin, scr,
                SecretBox.loadOrCreate(KeyLocation.keyFile(context)));
    }

    @Override
    public String apply(String text) {
        try {
            return applier.apply(Setting.parse(text));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
