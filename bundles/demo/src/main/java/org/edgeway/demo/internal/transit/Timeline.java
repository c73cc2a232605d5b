package org.edgeway.demo.internal.transit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Stop;
import org.edgeway.demo.internal.transit.Scenario.Timing;
import org.edgeway.demo.internal.transit.Scenario.Trip;
import org.edgeway.demo.internal.transit.Scenario.Visit;

/**
 * One pass over a scenario's trips as an ordered list of events with offsets from the start of the pass: pure, so
 * tests can check it against the ground truth without running anything.
 *
 * <p>The bus starts a pass where the previous pass ended: at the last trip's last stop (for a round trip, the first
 * trip's first stop). Each trip begins with a {@link TripProgress} at its first stop and the layover there, then
 * per visit: settle, doors open, alightings and then boardings spread over the open time, doors close, settle, and
 * the bus drives on in a straight line to the next stop, passing stops without a visit. The pass lasts a whole
 * number of fix intervals so that position samples stay evenly spaced when passes repeat.
 */
public final class Timeline {

    /** Something that happens at an offset from the start of a pass. */
    public sealed interface Event permits PositionSample, DoorChange, CountIncrement, TripProgress {
        long offsetMillis();
    }

    /** Where the bus is: a fix for the NMEA stream. Speed is 0 whenever the bus stands. */
    public record PositionSample(long offsetMillis, double lat, double lon, double speedMps, double trackDegrees)
            implements Event {
    }

    /** A door opens or closes. */
    public record DoorChange(long offsetMillis, String door, boolean open) implements Event {
    }

    /** One passenger more through a door: exactly one of boardings and alightings is 1. */
    public record CountIncrement(long offsetMillis, String door, ObjectClass objectClass, int boardings,
            int alightings) implements Event {
    }

    /**
     * The trip context changes: which trip, which stop the bus is at or heading to.
     *
     * @param trip index into the scenario's trips
     * @param stopSequence 1-based index into the trip's stops
     * @param atStop whether the bus stands at that stop (otherwise it is on its way there)
     */
    public record TripProgress(long offsetMillis, int trip, int stopSequence, boolean atStop) implements Event {
    }

    private final List<Event> events;
    private final long passDurationMillis;

    private Timeline(List<Event> events, long passDurationMillis) {
        this.events = List.copyOf(events);
        this.passDurationMillis = passDurationMillis;
    }

    /** The timeline of one pass over the scenario's trips. */
    public static Timeline of(Scenario scenario) {
        return new Builder(scenario).build();
    }

    /** The events of one pass, ordered by offset (events at the same offset in the order they happen). */
    public List<Event> events() {
        return events;
    }

    /** How long one pass lasts; a whole number of fix intervals. */
    public long passDurationMillis() {
        return passDurationMillis;
    }

    /** A stretch of time in which the bus stands (from == to) or drives in a straight line from one point to another. */
    private record Leg(long start, long end, double fromLat, double fromLon, double toLat, double toLon,
            boolean driving) {
    }

    private static final class Builder {
        private final Scenario scenario;
        private final Timing timing;
        private final List<Event> events = new ArrayList<>();
        private final List<Leg> legs = new ArrayList<>();
        private long now;
        private double lat;
        private double lon;

        Builder(Scenario scenario) {
            this.scenario = scenario;
            this.timing = scenario.timing();
            Trip last = scenario.trips().get(scenario.trips().size() - 1);
            Stop end = scenario.stop(last.stopIds().get(last.stopIds().size() - 1));
            this.lat = end.lat();
            this.lon = end.lon();
        }

        Timeline build() {
            for (int t = 0; t < scenario.trips().size(); t++) {
                trip(t, scenario.trips().get(t));
            }
            int fix = scenario.fixIntervalMillis();
            long duration = Math.max(fix, (now + fix - 1) / fix * fix);
            stand(duration - now);
            List<Event> all = new ArrayList<>(positions(fix, duration));
            all.addAll(events);
            // stable: a position sample comes first at its offset, the other events keep the order they happen in
            all.sort(Comparator.comparingLong(Event::offsetMillis));
            return new Timeline(all, duration);
        }

        private void trip(int index, Trip trip) {
            Stop first = scenario.stop(trip.stopIds().get(0));
            if (first.lat() != lat || first.lon() != lon) {
                // the previous trip ended elsewhere: drive there empty, the new trip already shown
                events.add(new TripProgress(now, index, 1, false));
                drive(first.lat(), first.lon(), timing.driveMillis(lat, lon, first.lat(), first.lon(),
                        scenario.fixIntervalMillis()));
            }
            events.add(new TripProgress(now, index, 1, true));
            stand(timing.terminusLayoverMillis());
            List<Visit> visits = trip.visits();
            int next = 0;
            for (int sequence = 1; sequence <= trip.stopIds().size(); sequence++) {
                Stop stop = scenario.stop(trip.stopIds().get(sequence - 1));
                if (sequence > 1) {
                    Stop previous = scenario.stop(trip.stopIds().get(sequence - 2));
                    long segment = timing.driveMillis(previous.lat(), previous.lon(), stop.lat(), stop.lon(),
                            scenario.fixIntervalMillis());
                    events.add(new TripProgress(now, index, sequence, false));
                    double done = 0;
                    while (next < visits.size() && visits.get(next).awayFromStop()
                            && visits.get(next).afterStopSequence() == sequence - 1) {
                        Visit away = visits.get(next++);
                        double f = away.fraction();
                        drive(previous.lat() + (stop.lat() - previous.lat()) * f,
                                previous.lon() + (stop.lon() - previous.lon()) * f,
                                Math.round(segment * (f - done)));
                        done = f;
                        serve(away);
                    }
                    drive(stop.lat(), stop.lon(), Math.round(segment * (1 - done)));
                }
                if (next < visits.size() && Integer.valueOf(sequence).equals(visits.get(next).stopSequence())) {
                    if (sequence > 1) {
                        events.add(new TripProgress(now, index, sequence, true));
                    }
                    serve(visits.get(next++));
                }
            }
        }

        /** Standing still: settle, doors open with the counts spread over the open time, doors close, settle. */
        private void serve(Visit visit) {
            stand(timing.settleBeforeOpenMillis());
            long open = now;
            long openFor = visit.doorsOpenMillis() != null ? visit.doorsOpenMillis() : timing.doorsOpenMillis();
            for (String door : visit.doors()) {
                events.add(new DoorChange(open, door, true));
            }
            for (String door : visit.doors()) {
                Map<ObjectClass, Count> classes = visit.counts().getOrDefault(door, Map.of());
                List<CountIncrement> increments = new ArrayList<>();
                // passengers alight before others board
                classes.forEach((c, n) -> {
                    for (int i = 0; i < n.alightings(); i++) {
                        increments.add(new CountIncrement(0, door, c, 0, 1));
                    }
                });
                classes.forEach((c, n) -> {
                    for (int i = 0; i < n.boardings(); i++) {
                        increments.add(new CountIncrement(0, door, c, 1, 0));
                    }
                });
                int n = increments.size();
                for (int k = 0; k < n; k++) {
                    // evenly inside the open period, strictly after the opening and before the closing
                    long at = Math.min(openFor - 1, Math.max(1, (k + 1) * openFor / (n + 1)));
                    CountIncrement i = increments.get(k);
                    events.add(new CountIncrement(open + at, door, i.objectClass(), i.boardings(), i.alightings()));
                }
            }
            stand(openFor);
            for (String door : visit.doors()) {
                events.add(new DoorChange(now, door, false));
            }
            stand(timing.settleAfterCloseMillis());
        }

        private void stand(long millis) {
            if (millis > 0) {
                legs.add(new Leg(now, now + millis, lat, lon, lat, lon, false));
                now += millis;
            }
        }

        private void drive(double toLat, double toLon, long millis) {
            if (millis > 0) {
                legs.add(new Leg(now, now + millis, lat, lon, toLat, toLon, true));
                now += millis;
            }
            lat = toLat;
            lon = toLon;
        }

        private List<PositionSample> positions(int fix, long duration) {
            double[] tracks = tracks();
            List<PositionSample> samples = new ArrayList<>();
            int leg = 0;
            for (long t = 0; t < duration; t += fix) {
                while (leg < legs.size() - 1 && legs.get(leg).end() <= t) {
                    leg++;
                }
                Leg l = legs.get(leg);
                if (l.driving()) {
                    double f = (t - l.start()) / (double) (l.end() - l.start());
                    samples.add(new PositionSample(t, l.fromLat() + (l.toLat() - l.fromLat()) * f,
                            l.fromLon() + (l.toLon() - l.fromLon()) * f, timing.cruiseSpeedMps(), tracks[leg]));
                } else {
                    samples.add(new PositionSample(t, l.fromLat(), l.fromLon(), 0, tracks[leg]));
                }
            }
            return samples;
        }

        /** Heading per leg: the direction of travel; a standing bus keeps the heading it arrived with. */
        private double[] tracks() {
            double[] tracks = new double[legs.size()];
            double current = Double.NaN;
            for (int i = 0; i < legs.size(); i++) {
                Leg l = legs.get(i);
                if (l.driving()) {
                    current = Geo.bearingDegrees(l.fromLat(), l.fromLon(), l.toLat(), l.toLon());
                }
                tracks[i] = current;
            }
            // before the first drive the bus already faces where it will go
            double firstDrive = Double.NaN;
            for (int i = legs.size() - 1; i >= 0; i--) {
                if (legs.get(i).driving()) {
                    firstDrive = tracks[i];
                }
            }
            for (int i = 0; i < legs.size() && Double.isNaN(tracks[i]); i++) {
                tracks[i] = Double.isNaN(firstDrive) ? 0 : firstDrive;
            }
            return tracks;
        }
    }
}
