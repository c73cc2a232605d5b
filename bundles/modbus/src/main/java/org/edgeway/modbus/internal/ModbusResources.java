package org.edgeway.modbus.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.edgeway.modbus.internal.energy.CounterStateStore;
import org.edgeway.modbus.internal.profile.Profile;
import org.edgeway.modbus.internal.profile.ProfileLoader;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all meters share: the device profiles (shipped ones and the integrator's directory) and the store of energy
 * counter states. Profiles are read when this component starts or its configuration changes; meters pick theirs up
 * when they (re)start, so adding a profile file and then saving the meter's configuration is enough.
 */
@Component(service = ModbusResources.class, configurationPid = ModbusResources.PID)
@Designate(ocd = ModbusResources.Config.class)
public class ModbusResources {

    static final String PID = "org.edgeway.modbus.profiles";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusResources.class);

    @ObjectClassDefinition(id = PID, name = "Modbus device profiles",
            description = "Where integrators put their own device profiles (JSON, see docs/modbus.md).")
    @interface Config {
        @AttributeDefinition(name = "Profile directory", required = false,
                description = "Directory of *.json profiles; relative paths are below the instance home. A profile "
                        + "with the id of a shipped one replaces it.")
        String directory() default "etc/modbus-profiles";
    }

    private final Map<String, Profile> profiles;
    private final CounterStateStore counterStates;

    @Activate
    public ModbusResources(Config config, BundleContext context) {
        String home = context.getProperty("edgeway.home");
        Path base = home != null ? Path.of(home) : context.getDataFile("").toPath();
        Path directory = base.resolve(config.directory());
        ProfileLoader.LoadResult loaded = ProfileLoader.load(directory); // logs every refused file
        this.profiles = loaded.profiles();
        LOG.info("Modbus profiles: {} ({} from {} refused)", new TreeSet<>(profiles.keySet()),
                loaded.errors().size(), directory);
        this.counterStates = new CounterStateStore(base.resolve("var/data/modbus-counters.mv"));
    }

    public Optional<Profile> profile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    public Set<String> profileIds() {
        return new TreeSet<>(profiles.keySet());
    }

    public CounterStateStore counterStates() {
        return counterStates;
    }

    @Deactivate
    void deactivate() {
        counterStates.close();
    }
}
