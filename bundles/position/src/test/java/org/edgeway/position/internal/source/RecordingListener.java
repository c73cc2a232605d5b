package org.edgeway.position.internal.source;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.position.Fix;

/** Records what a source reports; tests wait on the queues with generous timeouts. */
public final class RecordingListener implements SourceListener {

    public final BlockingQueue<Fix> fixes = new LinkedBlockingQueue<>();
    public final BlockingQueue<Boolean> connections = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> rejections = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> problems = new LinkedBlockingQueue<>();
    public final List<String> ignored = new CopyOnWriteArrayList<>();

    @Override
    public void connected(boolean up) {
        connections.add(up);
    }

    @Override
    public void fix(Fix fix) {
        fixes.add(fix);
    }

    @Override
    public void rejected(String reason) {
        rejections.add(reason);
    }

    @Override
    public void ignored(String what) {
        ignored.add(what);
    }

    @Override
    public void problem(String problem) {
        problems.add(problem);
    }

    /** The next fix, failing after {@code timeout}. */
    public Fix nextFix(Duration timeout) throws InterruptedException {
        return take(fixes, timeout, "fix");
    }

    /** The next connection change, failing after {@code timeout}. */
    public boolean nextConnection(Duration timeout) throws InterruptedException {
        return take(connections, timeout, "connection change");
    }

    /** The next rejection, failing after {@code timeout}. */
    public String nextRejection(Duration timeout) throws InterruptedException {
        return take(rejections, timeout, "rejection");
    }

    /** The next problem, failing after {@code timeout}. */
    public String nextProblem(Duration timeout) throws InterruptedException {
        return take(problems, timeout, "problem");
    }

    private static <T> T take(BlockingQueue<T> queue, Duration timeout, String what) throws InterruptedException {
        T value = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new AssertionError("no " + what + " within " + timeout);
        }
        return value;
    }
}
