package org.edgeway.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the components configured by a pid show the values just written: Configuration Admin delivers
 * updates asynchronously, so without this a caller would report a change as applied (or the launcher start the next
 * start level) while components still run with the old values.
 */
final class ComponentSettle {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentSettle.class);

    private final ServiceComponentRuntime scr;

    ComponentSettle(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /**
     * Returns when every enabled component of {@code pid} (or of its factory pid) carries {@code expected}, or when
     * there is no such component (its bundle has not started yet), or after {@code timeoutMs} (logged).
     *
     * @return the activation failure of a component that took the values but failed to activate, if any
     */
    Optional<String> await(String pid, String factoryPid, Map<String, Object> expected, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String configurationPid = factoryPid != null ? factoryPid : pid;
        while (true) {
            boolean waiting = false;
            boolean anyComponent = false;
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                if (!List.of(description.configurationPid).contains(configurationPid)
                        || !scr.isComponentEnabled(description)) {
                    continue;
                }
                anyComponent = true;
                boolean seen = false;
                for (ComponentConfigurationDTO dto : scr.getComponentConfigurationDTOs(description)) {
                    if (!hasPid(dto.properties.get("service.pid"), pid)) {
                        continue;
                    }
                    seen = true;
                    boolean current = expected.entrySet().stream().allMatch(e ->
                            ConfigurationValidator.sameText(e.getValue(), dto.properties.get(e.getKey())));
                    if (!current) {
                        waiting = true;
                    } else if (dto.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        String failure = dto.failure == null ? "unknown failure"
                                : dto.failure.strip().lines().findFirst().orElse("");
                        return Optional.of(description.name + ": " + failure);
                    }
                }
                waiting |= !seen;
            }
            if (!anyComponent || !waiting) {
                return Optional.empty();
            }
            if (System.currentTimeMillis() > deadline) {
                LOG.warn("the component of {} did not show the new values within {} ms", pid, timeoutMs);
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static boolean hasPid(Object servicePid, String pid) {
        if (servicePid instanceof String text) {
            return text.equals(pid);
        }
        if (servicePid instanceof String[] array) {
            return List.of(array).contains(pid);
        }
        return servicePid instanceof Collection<?> collection && collection.contains(pid);
    }
}
