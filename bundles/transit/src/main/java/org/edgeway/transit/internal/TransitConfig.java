package org.edgeway.transit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = TransitComponent.PID, name = "Passenger counting and vehicle context",
        description = "Where the vehicle's trip comes from, its doors and capacity, and how stop visits are judged. "
                + "Stop visits, trip balances and occupancy are published on APC-V1 (counts only).")
@interface TransitConfig {

    @AttributeDefinition(name = "Trip source", description = "config: the trip below; gtfs: a GTFS feed; ibisip: the "
            + "on-board computer's IBIS-IP CustomerInformationService; none: no trip (visits without stops).",
            options = {
                @Option(value = "config", label = "Configured trip"), @Option(value = "gtfs", label = "GTFS feed"),
                @Option(value = "ibisip", label = "IBIS-IP CustomerInformationService"), @Option(value = "none", label = "None")
            })
    String source() default "config";

    @AttributeDefinition(name = "Line", description = "Configured trip: the line as passengers know it.", required = false)
    String line() default "";

    @AttributeDefinition(name = "Trip id", description = "Configured trip: its id in the operator's data.", required = false)
    String trip_id() default "";

    @AttributeDefinition(name = "Headsign", required = false)
    String headsign() default "";

    @AttributeDefinition(name = "Stops", required = false, cardinality = 100,
            description = "Configured trip: its stops in order, each as 'stopId|name|latitude|longitude' (coordinates "
                    + "may be omitted: 'stopId|name'). Also the coordinates used for IBIS-IP stops without a GTFS feed.")
    String[] stops() default {};

    @AttributeDefinition(name = "Return trip id", required = false, description = "Configured trip: when set, the "
            + "vehicle runs the stops back as this trip after the last stop, and so on (a shuttle).")
    String return_trip_id() default "";

    @AttributeDefinition(name = "Return headsign", required = false)
    String return_headsign() default "";

    @AttributeDefinition(name = "GTFS feed", required = false,
            description = "Path of a GTFS feed zip (source gtfs; with ibisip, used for stop coordinates).")
    String gtfs_feed() default "";

    @AttributeDefinition(name = "GTFS lines", required = false, cardinality = 20,
            description = "Only these lines (route_short_name or route_id) are indexed, so big feeds fit in memory.")
    String[] gtfs_lines() default {};

    @AttributeDefinition(name = "GTFS trip id", required = false,
            description = "A fixed trip of the feed; empty: the trip the schedule says runs now.")
    String gtfs_trip_id() default "";

    @AttributeDefinition(name = "IBIS-IP URL", required = false,
            description = "Base URL of the on-board IBIS-IP device, e.g. http://10.0.0.2:8080 (source ibisip).")
    String ibisip_url() default "";

    @AttributeDefinition(name = "IBIS-IP poll interval (ms)", min = "200", max = "60000")
    int ibisip_poll_ms() default 1000;

    @AttributeDefinition(name = "Doors", cardinality = 16, description = "The vehicle's door ids, as sensors name them.")
    String[] doors() default {"1", "2"};

    @AttributeDefinition(name = "Bay radius (m)", min = "5", max = "500",
            description = "A visit is at a stop when the vehicle stood within this distance of it.")
    double bay_radius_m() default 40;

    @AttributeDefinition(name = "Maximum stop speed (m/s)", min = "0", max = "30",
            description = "Doors opening faster than this are flagged MOVING.")
    double max_stop_speed() default 2.0;

    @AttributeDefinition(name = "Close grace (s)", min = "0", max = "60",
            description = "Counts this long after the last door closed still belong to the visit; a door reopening "
                    + "within it continues the visit.")
    int close_grace_s() default 3;

    @AttributeDefinition(name = "Maximum count step", min = "1", max = "10000",
            description = "A counter step above this between two reports of one door is flagged IMPLAUSIBLE_COUNT.")
    int max_count_step() default 40;

    @AttributeDefinition(name = "Maximum fix age (s)", min = "1", max = "600",
            description = "An older position fix is not used to attribute a visit.")
    int max_fix_age_s() default 10;

    @AttributeDefinition(name = "Seated capacity", min = "0", max = "2000")
    int seated_capacity() default 47;

    @AttributeDefinition(name = "Standing capacity", min = "0", max = "2000")
    int standing_capacity() default 103;

    @AttributeDefinition(name = "Occupancy percentage step", min = "1", max = "50",
            description = "The published percentage is rounded to this step, so that no single passenger shows.")
    int occupancy_step_percent() default 10;

    @AttributeDefinition(name = "Many seats below (% of seats)", min = "0", max = "100")
    int many_seats_percent_of_seats() default 50;

    @AttributeDefinition(name = "Crushed from (% of capacity)", min = "1", max = "200")
    int crushed_percent() default 90;

    @AttributeDefinition(name = "Full from (% of capacity)", min = "1", max = "200")
    int full_percent() default 100;

    @AttributeDefinition(name = "Occupancy interval (s)", min = "5", max = "3600",
            description = "How often the live occupancy is published (also after every stop visit).")
    int occupancy_interval_s() default 30;
}
