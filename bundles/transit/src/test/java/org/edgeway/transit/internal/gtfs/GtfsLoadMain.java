package org.edgeway.transit.internal.gtfs;

import java.nio.file.Path;
import java.util.Set;

/** Loads one line of a feed and prints the counts; run in a JVM with a small heap by {@link GtfsMemoryTest}. */
public final class GtfsLoadMain {

    private GtfsLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        GtfsIndex index = GtfsIndex.load(Path.of(args[0]), Set.of(args[1]));
        Runtime rt = Runtime.getRuntime();
        System.out.println("trips=" + index.tripCount() + " stopTimes=" + index.stopTimeCount() + " maxHeapMiB="
                + rt.maxMemory() / (1024 * 1024));
    }
}
