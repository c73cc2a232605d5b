package org.edgeway.fleet.internal.ingest;

import java.time.Instant;
import java.util.Objects;

import org.edgeway.fleet.internal.store.GatewayBirth;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.edgeway.fleet.internal.store.StopVisitRecord;
import org.edgeway.fleet.internal.store.TripRecord;

/**
 * What {@link TopicRouter} made of one message. The gateway is always the client id of the topic, never a value of
 * the payload.
 */
public sealed interface Route {

    /** The account of the topic (null when the topic named none this console serves). */
    String account();

    /** The gateway of the topic (null when the topic named no valid gateway). */
    String clientId();

    /** {@code $EDC/ACCOUNT/CLIENT/MQTT/BIRTH}: a new connection of the gateway. */
    record Birth(GatewayBirth birth) implements Route {
        public Birth {
            Objects.requireNonNull(birth, "birth");
        }

        @Override
        public String account() {
            return birth.account();
        }

        @Override
        public String clientId() {
            return birth.clientId();
        }
    }

    /** {@code $EDC/ACCOUNT/CLIENT/MQTT/APPS}: the gateway's applications changed; it carries a full birth. */
    record Apps(GatewayBirth birth) implements Route {
        public Apps {
            Objects.requireNonNull(birth, "birth");
        }

        @Override
        public String account() {
            return birth.account();
        }

        @Override
        public String clientId() {
            return birth.clientId();
        }
    }

    /** {@code MQTT/DC} (the gateway disconnected cleanly) or {@code MQTT/LWT} (the broker lost it). */
    record Disconnect(String account, String clientId, Instant at, boolean lastWill) implements Route {
        public Disconnect {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** {@code APC-V1/stopvisit}. */
    record StopVisit(StopVisitRecord visit) implements Route {
        public StopVisit {
            Objects.requireNonNull(visit, "visit");
        }

        @Override
        public String account() {
            return visit.account();
        }

        @Override
        public String clientId() {
            return visit.clientId();
        }
    }

    /** {@code APC-V1/trip}. */
    record TripSummary(TripRecord trip) implements Route {
        public TripSummary {
            Objects.requireNonNull(trip, "trip");
        }

        @Override
        public String account() {
            return trip.account();
        }

        @Override
        public String clientId() {
            return trip.clientId();
        }
    }

    /** {@code APC-V1/occupancy}. */
    record Occupancy(OccupancyRecord occupancy) implements Route {
        public Occupancy {
            Objects.requireNonNull(occupancy, "occupancy");
        }

        @Override
        public String account() {
            return occupancy.account();
        }

        @Override
        public String clientId() {
            return occupancy.clientId();
        }
    }

    /** {@code METER-V1/meter/NAME/interval} of a counter in kWh. */
    record EnergyInterval(org.edgeway.fleet.internal.store.EnergyInterval interval) implements Route {
        public EnergyInterval {
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String account() {
            return interval.account();
        }

        @Override
        public String clientId() {
            return interval.clientId();
        }
    }

    /** A well-formed message of a gateway that the console does not store (another application, a non-energy counter). */
    record Ignored(String account, String clientId, String why) implements Route {
        public Ignored {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * A malformed or hostile message.
     *
     * @param account  null unless the topic names this console's account
     * @param clientId null unless the topic names a valid gateway of that account
     * @param reason   what is wrong, as a category: it never repeats values of the message
     */
    record Rejected(String account, String clientId, String reason) implements Route {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            if (clientId != null) {
                Objects.requireNonNull(account, "account of a rejected message with a gateway");
            }
        }
    }
}
