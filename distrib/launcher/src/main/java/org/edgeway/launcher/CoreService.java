package org.edgeway.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waits for a service that the core bundle registers for the launcher, found by its {@code edgeway.service} property.
 * These services use {@code java.*} interfaces ({@code Function}, {@code Supplier}): the launcher and the bundles
 * always see the same such class, so nothing has to be shared across the framework boundary.
 */
final class CoreService implements AutoCloseable {

    static final String NAME_PROPERTY = "edgeway.service";

    /** How often to check whether the framework is still running while waiting. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final Bundle framework;
    private final Class<?> type;
    private final ServiceTracker<Object, Object> tracker;

    /** @param context the system bundle's context */
    CoreService(BundleContext context, Class<?> type, String name) throws InvalidSyntaxException {
        this.framework = context.getBundle();
        this.type = type;
        String filter = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")(" + NAME_PROPERTY + "=" + name + "))";
        this.tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open();
    }

    /**
     * The service, or empty if none appears within {@code timeout}.
     *
     * @throws IllegalStateException if the framework stops meanwhile (e.g. {@code stop 0} in the Gogo shell), which
     *         the tracker alone would not notice
     */
    Optional<Object> await(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Object service = tracker.getService();
        while (service == null && Instant.now().isBefore(deadline)) {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                throw new IllegalStateException("the framework stopped");
            }
            service = tracker.waitForService(POLL_INTERVAL.toMillis());
        }
        return Optional.ofNullable(service).filter(type::isInstance);
    }

    @Override
    public void close() {
        tracker.close();
    }
}
