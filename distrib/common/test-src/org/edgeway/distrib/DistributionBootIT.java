package org.edgeway.distrib;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Boots exactly the bundles and etc/ configuration of one built distribution (target/edgeway-PROFILE) on Felix
 * and checks that every bundle is active (or lazily starting) and every Declarative Services component is
 * satisfied, naming each culprit otherwise. This is the build-time proof that a distribution resolves.
 * Shared by all profiles: the failsafe configuration in distrib/pom.xml says which distribution to boot.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBootIT {

    private static final long SETTLE_TIMEOUT_MS = 60_000;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() throws IOException {
        return DistributionUnderTest.options();
    }

    @Test
    public void everyBundleIsActiveAndEveryComponentSatisfied() throws InterruptedException {
        List<String> problems = List.of();
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            problems = new ArrayList<>(bundleProblems());
            problems.addAll(componentProblems());
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue("distribution " + context.getProperty("edgeway.profile") + " did not start cleanly:\n  "
                + String.join("\n  ", problems), problems.isEmpty());
    }

    @Test
    public void aCorruptJarInDeployIsLoggedWithItsNameAndHarmsNothing() throws Exception {
        Path log = Path.of(context.getProperty("edgeway.home"), "var", "log", "edgeway.log");
        assertTrue("the corrupt jar in deploy/ was not logged by name in " + log, awaitCorruptJarLogged(log));
        assertTrue("a bundle is not active after the corrupt jar:\n  " + String.join("\n  ", bundleProblems()),
                bundleProblems().isEmpty());
    }

    /** Whether the deploy/ scan logged the corrupt jar by name within the settle timeout. */
    private static boolean awaitCorruptJarLogged(Path log) throws Exception {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        boolean logged = false;
        while (!logged && System.currentTimeMillis() < deadline) {
            logged = Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(DistributionUnderTest.CORRUPT_JAR);
            Thread.sleep(100);
        }
        return logged;
    }

    @Test
    public void logLevelsChangeAtRuntimeAndLibraryLoggingReachesTheLogFile() throws Exception {
        Path log = Path.of(context.getProperty("edgeway.home"), "var", "log", "edgeway.log");
        // Changed only after fileinstall's first scan of deploy/: in the console's boot, a logging reconfiguration
        // at the very moment of that scan once stopped all logging (twice in a row, then never in 5 runs; suspected
        // lock-order problem between pax-logging's reconfiguration and fileinstall, not yet understood). Known open
        // problem, kept out of this test's way so that it checks what it is about.
        awaitCorruptJarLogged(log);
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration logging = context.getService(reference).getConfiguration("org.ops4j.pax.logging", "?");
        Dictionary<String, Object> properties = logging.getProperties();
        properties.put("log4j2.logger.boottest.name", "org.edgeway.boottest");
        properties.put("log4j2.logger.boottest.level", "DEBUG");
        logging.update(properties);

        // slf4j is what j2mod, Paho's users and our bundles log through; JUL is what the JDK and some libraries use
        org.slf4j.Logger slf4j = org.slf4j.LoggerFactory.getLogger("org.edgeway.boottest");
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.edgeway.boottest.jul");
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        boolean debugLogged = false;
        boolean julLogged = false;
        for (int attempt = 0; !(debugLogged && julLogged) && System.currentTimeMillis() < deadline; attempt++) {
            slf4j.debug("boot test debug message {}", attempt);
            jul.warning("boot test JUL message " + attempt);
            Thread.sleep(100);
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            debugLogged = text.contains("DEBUG") && text.contains("boot test debug message");
            julLogged = text.contains("boot test JUL message");
        }
        assertTrue("a DEBUG level set at runtime did not take effect in " + log, debugLogged);
        assertTrue("java.util.logging does not reach " + log, julLogged);
    }

    private List<String> bundleProblems() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean lazy = Constants.ACTIVATION_LAZY.equals(bundle.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY));
            int state = bundle.getState();
            boolean ok = state == Bundle.ACTIVE
                    || (fragment && state == Bundle.RESOLVED)
                    || (lazy && state == Bundle.STARTING);
            if (!ok) {
                problems.add("bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + stateName(state)
                        + " (" + bundle.getLocation() + ")");
            }
        }
        return problems;
    }

    private List<String> componentProblems() {
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        if (reference == null) {
            return List.of("no Declarative Services runtime (org.apache.felix.scr) is registered");
        }
        ServiceComponentRuntime scr = context.getService(reference);
        try {
            List<String> problems = new ArrayList<>();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (!scr.isComponentEnabled(description)) {
                    problems.add("component " + description.name + " of bundle " + description.bundle.symbolicName + " is disabled");
                    continue;
                }
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.ACTIVE
                            || configuration.state == ComponentConfigurationDTO.SATISFIED) {
                        continue;
                    }
                    problems.add("component " + description.name + " of bundle " + description.bundle.symbolicName
                            + " is " + componentStateName(configuration));
                }
            }
            return problems;
        } finally {
            context.ungetService(reference);
        }
    }

    private static String componentStateName(ComponentConfigurationDTO configuration) {
        return switch (configuration.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed to activate: " + configuration.failure;
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                List<String> missing = new ArrayList<>();
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    missing.add(reference.name + (reference.target == null ? "" : " " + reference.target));
                }
                yield "missing references " + missing;
            }
            default -> "in state " + configuration.state;
        };
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved: a missing import?)";
            case Bundle.RESOLVED -> "RESOLVED but not started";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + state;
        };
    }
}
