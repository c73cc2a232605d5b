package org.edgeway.position.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.PositionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard {@link PositionListener listeners}: each gets every fix, in order. A listener that throws is logged
 * (once, until it succeeds again) and keeps being called; it never stops the others or the source.
 */
final class ListenerDispatcher implements Consumer<Fix> {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);

    private final List<PositionListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<PositionListener> failing = ConcurrentHashMap.newKeySet();

    void add(PositionListener listener) {
        listeners.add(listener);
    }

    void remove(PositionListener listener) {
        listeners.remove(listener);
        failing.remove(listener);
    }

    int size() {
        return listeners.size();
    }

    @Override
    public void accept(Fix fix) {
        for (PositionListener listener : listeners) {
            try {
                listener.onFix(fix);
                if (failing.remove(listener)) {
                    LOG.info("Position listener {} works again", listener);
                }
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a listener whose bundle was updated under it; it must not end the source thread
                if (failing.add(listener)) {
                    LOG.warn("Position listener {} failed (logged once until it succeeds again; it keeps being "
                            + "called)", listener, e);
                } else {
                    LOG.debug("Position listener {} failed again: {}", listener, e.toString());
                }
            }
        }
    }
}
