package org.edgeway.transit.internal.gtfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A small hand-written feed (lines 100 and 200, Europe/Berlin), changed per test and written as a zip. */
final class TestFeed {

    static final String BOM = "\uFEFF";

    final Map<String, String> files = new LinkedHashMap<>();

    TestFeed() {
        files.put("agency.txt", BOM + """
                agency_id,agency_name,agency_url,agency_timezone
                A,"Verkehrsbetriebe, Berlin",https://example.org,Europe/Berlin
                """);
        files.put("routes.txt", """
                route_id,agency_id,route_short_name,route_long_name,route_type
                r100,A,100,"Zoo - Alexanderplatz, via Tiergarten",3
                r200,A,200,Other line,3
                """);
        files.put("trips.txt", """
                route_id,service_id,trip_id,trip_headsign
                r100,WD,100-1,"Alexanderplatz, Berlin"
                r100,WD,100-2,Zoo
                r100,WD,100-3,Alexanderplatz
                r100,WD,100-4,Alexanderplatz
                r100,WD,100-5,Zoo
                r100,WE,100-late,Alexanderplatz
                r200,WD,200-1,Somewhere
                """);
        // 100-1's rows are out of order on purpose; 100-late runs past midnight
        files.put("stop_times.txt", """
                trip_id,arrival_time,departure_time,stop_id,stop_sequence
                100-1,08:00:00,08:00:00,zoo,1
                100-1,08:20:00,08:20:00,alex,3
                100-1,08:10:00,08:11:00,tier,2
                100-2,08:30:00,08:30:00,alex,1
                100-2,08:40:00,08:40:00,tier,2
                100-2,08:50:00,08:50:00,zoo,3
                100-3,08:35:00,08:35:00,zoo,1
                100-3,08:45:00,08:45:00,tier,2
                100-3,08:55:00,08:55:00,alex,3
                100-4,09:00:00,09:00:00,zoo,1
                100-4,09:10:00,09:10:00,tier,2
                100-4,09:20:00,09:20:00,alex,3
                100-5,08:58:00,08:58:00,alex,1
                100-5,,,tier,2
                100-5,09:18:00,09:18:00,zoo,3
                100-late,24:50:00,24:50:00,zoo,1
                100-late,25:00:00,25:00:00,tier,5
                100-late,25:10:00,25:10:00,alex,10
                200-1,08:00:00,08:00:00,other,1
                200-1,08:30:00,08:30:00,zoo,2
                """);
        files.put("stops.txt", BOM + """
                stop_id,stop_name,stop_lat,stop_lon
                zoo,"S+U Zoologischer Garten, Berlin",52.5069,13.3323
                tier,Tiergarten,52.514,13.35
                alex,S+U Alexanderplatz,52.5219,13.4132
                other,Somewhere else,52.4,13.2
                unused,Not served,not-a-number,13.0
                """);
        files.put("calendar.txt", """
                service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
                WD,1,1,1,1,1,0,0,20260101,20261231
                WE,0,0,0,0,0,1,1,20260101,20261231
                """);
        // Thursday 2026-11-26 is a holiday: no weekday service, the weekend service instead
        files.put("calendar_dates.txt", """
                service_id,date,exception_type
                WD,20261126,2
                WE,20261126,1
                """);
    }

    TestFeed put(String file, String content) {
        files.put(file, content);
        return this;
    }

    TestFeed remove(String file) {
        files.remove(file);
        return this;
    }

    /** Replaces text in a file, failing when it is not there (so a test cannot silently test nothing). */
    TestFeed replace(String file, String text, String replacement) {
        String content = files.get(file);
        if (content == null || !content.contains(text)) {
            throw new IllegalArgumentException(file + " has no '" + text + "'");
        }
        files.put(file, content.replace(text, replacement));
        return this;
    }

    Path write(Path dir) throws IOException {
        return write(dir, "");
    }

    /** @param folder a folder inside the zip, or empty */
    Path write(Path dir, String folder) throws IOException {
        Path zip = Files.createTempFile(dir, "feed", ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(folder + f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }
}
