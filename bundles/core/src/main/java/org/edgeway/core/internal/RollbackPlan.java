package org.edgeway.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What turns the current configurations into a snapshot's: configurations to write (changed ones, and those
 * deleted since, factory instances included) and configurations to delete (created since).
 *
 * @param write  entries of the snapshot to store, changed or missing now
 * @param delete pids that exist now but not in the snapshot
 */
record RollbackPlan(List<Snapshot.Entry> write, List<String> delete) {

    RollbackPlan {
        write = List.copyOf(write);
        delete = List.copyOf(delete);
    }

    static RollbackPlan between(List<Snapshot.Entry> current, List<Snapshot.Entry> target) {
        Map<String, Snapshot.Entry> now = current.stream()
                .collect(Collectors.toMap(Snapshot.Entry::pid, Function.identity(), (a, b) -> a));
        Map<String, Snapshot.Entry> then = target.stream()
                .collect(Collectors.toMap(Snapshot.Entry::pid, Function.identity(), (a, b) -> a));
        List<Snapshot.Entry> write = new ArrayList<>();
        for (Snapshot.Entry entry : target) {
            Snapshot.Entry present = now.get(entry.pid());
            if (present == null || !present.sameValues(entry)) {
                write.add(entry);
            }
        }
        List<String> delete = current.stream().map(Snapshot.Entry::pid).filter(pid -> !then.containsKey(pid)).sorted().toList();
        return new RollbackPlan(write, delete);
    }

    boolean isEmpty() {
        return write.isEmpty() && delete.isEmpty();
    }
}
