package org.edgeway.position.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.position.PositionStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo command {@code edgeway:position}: the position source's status and the current fix, for an integrator
 * commissioning a vehicle's receiver.
 */
@Component(service = PositionShellCommands.class, property = {
        "osgi.command.scope=edgeway", "osgi.command.function=position" })
public class PositionShellCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PositionService position;
    private final Clock clock;

    @Activate
    public PositionShellCommands() {
        this(null, Clock.systemUTC());
    }

    PositionShellCommands(PositionService position, Clock clock) {
        this.position = position;
        this.clock = clock;
    }

    public String position() {
        PositionService service = position;
        if (service == null) {
            return "no position service (bundle org.edgeway.position not active?)";
        }
        PositionStatus status = service.status();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "source    %s (%s)%n", status.source(),
                status.connected() ? "connected" : "not connected"));
        out.append(String.format(Locale.ROOT, "mode      %s%n", status.mode()));
        out.append(String.format(Locale.ROOT, "reports   %d with a position, %d rejected%n", status.fixes(),
                status.rejected()));
        if (status.lastFixTime() != null) {
            out.append(String.format(Locale.ROOT, "last fix  %s (receiver time)%n", status.lastFixTime()));
        }
        if (status.lastProblem() != null) {
            out.append(String.format(Locale.ROOT, "problem   %s%n", status.lastProblem()));
        }
        Optional<Fix> current = service.currentFix();
        if (current.isEmpty()) {
            out.append("current   none (no fix with a position within the maximum fix age)");
        } else {
            out.append("current   ").append(describe(current.get(), clock.instant()));
        }
        return out.toString().strip();
    }

    static String describe(Fix fix, Instant now) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %.6f %.6f", fix.mode(), fix.latitude(),
                fix.longitude()));
        if (fix.altitude() != null) {
            s.append(String.format(Locale.ROOT, "  alt %.1f m", fix.altitude()));
        }
        if (fix.speed() != null) {
            s.append(String.format(Locale.ROOT, "  speed %.1f m/s (%.1f km/h)", fix.speed(), fix.speed() * 3.6));
        }
        if (fix.track() != null) {
            s.append(String.format(Locale.ROOT, "  track %.1f deg", fix.track()));
        }
        if (fix.horizontalError() != null) {
            s.append(String.format(Locale.ROOT, "  error %.1f m", fix.horizontalError()));
        }
        if (fix.satellites() != null) {
            s.append("  ").append(fix.satellites()).append(" satellites");
        }
        s.append("  at ").append(fix.time());
        long seconds = Duration.between(fix.time(), now).toSeconds();
        s.append(" (").append(seconds).append(" s before the gateway clock)");
        return s.toString();
    }
}
