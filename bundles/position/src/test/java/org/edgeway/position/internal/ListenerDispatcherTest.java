package org.edgeway.position.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.PositionListener;
import org.junit.jupiter.api.Test;

class ListenerDispatcherTest {

    private final ListenerDispatcher dispatcher = new ListenerDispatcher();

    private static Fix fix(int second) {
        return Fix.noFix(Instant.ofEpochSecond(second), "test");
    }

    @Test
    void aThrowingListenerKeepsBeingCalledAndDoesNotStopTheOthers() {
        AtomicInteger calls = new AtomicInteger();
        PositionListener throwing = f -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        };
        PositionListener linkage = f -> {
            throw new NoClassDefFoundError("org/example/Gone");
        };
        List<Fix> heard = new CopyOnWriteArrayList<>();
        dispatcher.add(throwing);
        dispatcher.add(linkage);
        dispatcher.add(heard::add);
        for (int i = 0; i < 3; i++) {
            dispatcher.accept(fix(i));
        }
        assertThat(calls).hasValue(3);
        assertThat(heard).containsExactly(fix(0), fix(1), fix(2));
    }

    @Test
    void removedListenersAreNotCalled() {
        List<Fix> heard = new CopyOnWriteArrayList<>();
        PositionListener listener = heard::add;
        dispatcher.add(listener);
        dispatcher.accept(fix(1));
        dispatcher.remove(listener);
        dispatcher.accept(fix(2));
        assertThat(heard).containsExactly(fix(1));
        assertThat(dispatcher.size()).isZero();
    }
}
