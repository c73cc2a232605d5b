package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the framework's package bundles (locations {@code edgeway-deploy:NAME/VERSION/SYMBOLIC-NAME}) match a desired
 * set, and checks the health of bundles: active (fragments resolved) and every enabled component satisfied or active.
 * A package version has its own locations, so an update uninstalls the old version's bundles and installs the new
 * ones (never {@code Bundle.update}), and a rollback does the reverse.
 */
final class FrameworkBundles {

    static final String LOCATION_PREFIX = "edgeway-deploy:";

    /** A bundle that should be installed: its location and the jar under {@code var/deploy/packages}. */
    record Desired(String location, Path file) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkBundles.class);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final int startLevel;

    FrameworkBundles(BundleContext context, ServiceComponentRuntime scr, int startLevel) {
        this.context = context;
        this.scr = scr;
        this.startLevel = startLevel;
    }

    static String location(String packageName, String version, String symbolicName) {
        return LOCATION_PREFIX + packageName + "/" + version + "/" + symbolicName;
    }

    /**
     * Uninstalls package bundles that are not desired (then refreshes), installs the missing ones and starts them
     * all. Returns the start failures by location (for example an unresolved requirement or an activator's error).
     */
    Map<String, String> reconcile(List<Desired> desired) throws IOException, InterruptedException {
        Map<String, Path> wanted = new LinkedHashMap<>();
        desired.forEach(d -> wanted.put(d.location(), d.file()));
        List<Bundle> removed = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX) && !wanted.containsKey(bundle.getLocation())) {
                try {
                    LOG.info("uninstalling {} {} ({})", bundle.getSymbolicName(), bundle.getVersion(), bundle.getLocation());
                    bundle.uninstall();
                    removed.add(bundle);
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("uninstalling {} failed: {}", bundle.getLocation(), e.getMessage());
                }
            }
        }
        if (!removed.isEmpty()) {
            refresh(removed);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        List<Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, Path> entry : wanted.entrySet()) {
            Bundle bundle = context.getBundle(entry.getKey());
            if (bundle == null) {
                try (InputStream in = Files.newInputStream(entry.getValue())) {
                    LOG.info("installing {} from {}", entry.getKey(), entry.getValue());
                    bundle = context.installBundle(entry.getKey(), in);
                    bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel);
                } catch (BundleException | IOException e) {
                    problems.put(entry.getKey(), "cannot install " + entry.getValue().getFileName() + ": "
                            + reason(e));
                    continue;
                }
            }
            bundles.add(bundle);
        }
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(bundles);
        for (Bundle bundle : bundles) {
            if (!isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
                try {
                    bundle.start();
                } catch (BundleException | IllegalStateException e) {
                    problems.put(bundle.getLocation(), bundle.getSymbolicName() + " " + bundle.getVersion()
                            + " does not start: " + reason(e));
                }
            }
        }
        return problems;
    }

    /**
     * Waits until every bundle at {@code locations} is active (a fragment: resolved) and all their enabled components
     * are satisfied or active; fails at once on a component that failed to activate.
     *
     * @return empty when healthy, else the reason
     */
    Optional<String> awaitHealthy(Collection<String> locations, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Check check = check(locations);
            if (check.fatal() || check.problem().isEmpty()) {
                return check.problem();
            }
            if (System.nanoTime() > deadline) {
                return Optional.of(check.problem().get() + " (waited " + timeout.toSeconds() + " s)");
            }
            Thread.sleep(200);
        }
    }

    private record Check(Optional<String> problem, boolean fatal) {
    }

    private Check check(Collection<String> locations) {
        for (String location : locations) {
            Bundle bundle = context.getBundle(location);
            if (bundle == null) {
                return new Check(Optional.of(location + " is not installed"), true);
            }
            boolean fragment = isFragment(bundle);
            if (fragment ? bundle.getState() == Bundle.INSTALLED : bundle.getState() != Bundle.ACTIVE) {
                return new Check(Optional.of(bundle.getSymbolicName() + " " + bundle.getVersion() + " is "
                        + stateName(bundle.getState()) + (fragment ? ", not resolved" : ", not active")), false);
            }
            if (fragment) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                if (!scr.isComponentEnabled(description)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    String component = "component " + description.name + " of " + bundle.getSymbolicName();
                    switch (configuration.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION:
                        return new Check(Optional.of(component + " failed to activate: " + configuration.failure), true);
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                        List<String> missing = new ArrayList<>();
                        for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                            missing.add(reference.name + (reference.target != null ? " " + reference.target : ""));
                        }
                        return new Check(Optional.of(component + " is not satisfied: missing references " + missing),
                                false);
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                        return new Check(Optional.of(component + " is not satisfied: it waits for its configuration"),
                                false);
                    default:
                        break; // satisfied or active
                    }
                }
            }
        }
        return new Check(Optional.empty(), false);
    }

    private void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(bundles, event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                        done.countDown();
                    }
                });
        if (!done.await(60, TimeUnit.SECONDS)) {
            LOG.warn("refreshing {} bundles did not finish within 60 s", bundles.size());
        }
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** The exception's message and those of its causes, in one line. */
    static String reason(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(" ").append(cause.getMessage());
            }
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    static String stateName(int state) {
        return switch (state) {
        case Bundle.UNINSTALLED -> "UNINSTALLED";
        case Bundle.INSTALLED -> "INSTALLED";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        case Bundle.ACTIVE -> "ACTIVE";
        default -> "UNKNOWN";
        };
    }
}
