package org.edgeway.transit.internal;

import java.util.stream.Collectors;

import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.Trip;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code edgeway:transit}: the current trip, the last stop, doors and occupancy, for an integrator
 * commissioning door sensors on a vehicle.
 */
@Component(service = TransitShellCommands.class, property = {
        "osgi.command.scope=edgeway", "osgi.command.function=transit" })
public class TransitShellCommands {

    private final TransitComponent transit;

    @Activate
    public TransitShellCommands(@Reference TransitComponent transit) {
        this.transit = transit;
    }

    public String transit() {
        StringBuilder out = new StringBuilder();
        out.append("trip source: ").append(transit.tripSource()).append('\n');
        Trip trip = transit.currentTrip().orElse(null);
        if (trip == null) {
            out.append("trip: none\n");
        } else {
            out.append("trip: ").append(trip.tripId()).append(" line ").append(trip.line()).append(" to ")
                    .append(trip.headsign()).append('\n').append("stops: ")
                    .append(trip.stops().stream().map(s -> s.sequence() + " " + s.stop().stopId()
                            + (s.stop().name().isEmpty() ? "" : " (" + s.stop().name() + ")"))
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        out.append("last stop: ").append(transit.lastStop().map(s -> s.sequence() + " " + s.stop().stopId()).orElse("none"))
                .append('\n');
        out.append("doors: ").append(transit.doorsOpen() ? "open" : "closed").append('\n');
        Occupancy occupancy = transit.occupancy();
        out.append("occupancy: load ").append(occupancy.load())
                .append(occupancy.percentage() == null ? "" : ", " + occupancy.percentage() + " %")
                .append(", ").append(occupancy.status()).append('\n');
        out.append("waiting for the cloud connection: ").append(transit.waitingMessages()).append(" messages");
        return out.toString();
    }
}
