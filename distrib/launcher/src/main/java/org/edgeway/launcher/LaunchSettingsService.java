package org.edgeway.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Hands the launch settings to the core bundle's {@code Function<String, String>} registered with
 * {@code edgeway.service=launch-settings}: it takes {@code pid:key=value} and returns null on success or an error
 * message.
 */
final class LaunchSettingsService {

    static final String NAME = "launch-settings";

    private LaunchSettingsService() {
    }

    /** Applies all settings and reports all errors together, each on its own line. */
    static void apply(BundleContext context, List<Setting> settings, Duration timeout)
            throws LaunchException, InterruptedException, InvalidSyntaxException {
        try (CoreService service = new CoreService(context, Function.class, NAME)) {
            Optional<Object> found = service.await(timeout);
            if (found.isEmpty()) {
                throw LaunchException.badInput("cannot apply launch settings: bundle org.edgeway.core is not running");
            }
            @SuppressWarnings("unchecked")
            Function<String, String> applier = (Function<String, String>) found.get();
            List<String> errors = new ArrayList<>();
            for (Setting setting : settings) {
                String error;
                try {
                    error = applier.apply(setting.argument());
                } catch (RuntimeException e) {
                    error = "cannot apply " + setting + ": " + Reasons.of(e);
                }
                if (error != null) {
                    // the message comes from another bundle: make sure it neither leaks a secret nor breaks lines
                    errors.add(Secrets.maskValuesIn(Reasons.oneLine(error), settings));
                }
            }
            if (!errors.isEmpty()) {
                throw new LaunchException(ExitCode.BAD_INPUT, errors);
            }
        }
    }
}
