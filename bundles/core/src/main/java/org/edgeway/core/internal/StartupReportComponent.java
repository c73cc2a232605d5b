package org.edgeway.core.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the launcher when startup has settled and what went wrong: components that failed to activate are
 * problems (the launcher exits), components still unsatisfied after the timeout are warnings. Bundles dropped into
 * deploy/ are left out: a broken third-party bundle must not stop the gateway. Registered under the JDK interface
 * {@link Supplier} for the same reason as {@link LaunchSettingsComponent}.
 */
@Component(service = Supplier.class, property = "edgeway.service=startup-report")
public class StartupReportComponent implements Supplier<Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReportComponent.class);
    private static final long POLL_MS = 20;
    /**
     * Configuration Admin delivers configurations asynchronously. Components waiting for a configuration that exists
     * are counted as not settled (see {@link #awaitingConfiguration}); this short quiet period covers the rest.
     */
    private static final long QUIET_MS = 40;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final long timeoutMs;
    private final String deployLocationPart;

    private final ConfigurationAdmin configAdmin;

    @Activate
    public StartupReportComponent(BundleContext context, @Reference ServiceComponentRuntime scr,
            @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.scr = scr;
        this.configAdmin = configAdmin;
        this.timeoutMs = Long.parseLong(Objects.requireNonNullElse(context.getProperty("edgeway.startup.timeout.ms"), "20000"));
        String home = context.getProperty("edgeway.home");
        this.deployLocationPart = home == null ? "/deploy/" : home + "/deploy/";
    }

    /** One line per component configuration: what the launcher and the shell show. */
    record ComponentState(String name, String bundle, int state, String detail) {
    }

    @Override
    public Map<String, Object> get() {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<ComponentState> previous = List.of();
        long quietSince = System.currentTimeMillis();
        while (true) {
            List<ComponentState> states = snapshot();
            long now = System.currentTimeMillis();
            if (!states.equals(previous)) {
                previous = states;
                quietSince = now;
            }
            List<String> failed = describe(states, ComponentConfigurationDTO.FAILED_ACTIVATION);
            List<String> unsatisfied = unsatisfied(states);
            boolean settled = unsatisfied.isEmpty() && now - quietSince >= QUIET_MS && !awaitingConfiguration();
            if (!failed.isEmpty() || settled || now >= deadline) {
                return report(states, failed, unsatisfied);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report(states, failed, unsatisfied);
            }
        }
    }

    /** Whether a component that requires configuration has none yet although Configuration Admin holds one. */
    private boolean awaitingConfiguration() {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!"require".equals(description.configurationPolicy)
                    || !scr.getComponentConfigurationDTOs(description).isEmpty()) {
                continue;
            }
            for (String pid : description.configurationPid) {
                try {
                    String filter = "(|(service.pid=" + pid + ")(service.factoryPid=" + pid + "))";
                    if (configAdmin.listConfigurations(filter) != null) {
                        return true;
                    }
                } catch (IOException | InvalidSyntaxException e) {
                    LOG.debug("cannot list configurations of {}", pid, e);
                }
            }
        }
        return false;
    }

    private Map<String, Object> report(List<ComponentState> states, List<String> failed, List<String> unsatisfied) {
        int activeBundles = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.ACTIVE) {
                activeBundles++;
            }
        }
        long activeComponents = states.stream()
                .filter(s -> s.state() == ComponentConfigurationDTO.ACTIVE || s.state() == ComponentConfigurationDTO.SATISFIED)
                .count();
        failed.forEach(problem -> LOG.error("startup problem: {}", problem));
        unsatisfied.forEach(warning -> LOG.warn("startup warning: {}", warning));
        LOG.info("startup settled: {} bundles active, {} components active or satisfied", activeBundles, activeComponents);
        return Map.of("problems", failed, "warnings", unsatisfied, "bundles", activeBundles,
                "components", (int) activeComponents);
    }

    private List<ComponentState> snapshot() {
        List<ComponentState> states = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            Bundle bundle = context.getBundle(description.bundle.id);
            if (bundle == null || bundle.getLocation().contains(deployLocationPart)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                states.add(new ComponentState(description.name, bundle.getSymbolicName(), configuration.state,
                        detail(configuration)));
            }
        }
        return states;
    }

    private static String detail(ComponentConfigurationDTO configuration) {
        if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            return firstLine(configuration.failure);
        }
        if (configuration.unsatisfiedReferences != null && configuration.unsatisfiedReferences.length > 0) {
            List<String> missing = new ArrayList<>();
            for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                missing.add(reference.name + " (" + reference.target + ")");
            }
            return "missing service " + String.join(", ", missing);
        }
        return "";
    }

    private static List<String> describe(List<ComponentState> states, int state) {
        return states.stream().filter(s -> s.state() == state)
                .map(s -> "component " + s.name() + " of bundle " + s.bundle() + " failed to activate: " + s.detail())
                .toList();
    }

    private static List<String> unsatisfied(List<ComponentState> states) {
        return states.stream()
                .filter(s -> s.state() == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || s.state() == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION)
                .map(s -> "component " + s.name() + " of bundle " + s.bundle() + " is not satisfied: " + s.detail())
                .toList();
    }

    /** SCR puts a whole stack trace into the failure; the first line carries the message. */
    private static String firstLine(String text) {
        if (text == null) {
            return "unknown failure";
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
