package io.wshub.counter;

import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every {@link CounterStore} must do; an implementation's test extends this. */
public abstract class CounterStoreContract {

    /** A fresh store, at 0. */
    protected abstract CounterStore store();

    @Test
    void everyChangeGetsTheNextVersion() {
        CounterStore store = store();
        CounterStore.Value start = store.current();
        assertEquals(0, start.value());

        assertEquals(new CounterStore.Value(1, start.version() + 1), store.add(1));
        assertEquals(new CounterStore.Value(-1, start.version() + 2), store.add(-2));
        assertEquals(new CounterStore.Value(-1, start.version() + 2), store.current());
    }

    @Test
    void concurrentChangesAreAllCountedWithVersionsGivenOnce() throws Exception {
        CounterStore store = store();
        long before = store.current().version();
        List<Long> versions = Concurrently.run(8, thread -> {
            List<Long> own = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                own.add(store.add(thread % 2 == 0 ? 2 : -1).version());
            }
            return own;
        });

        assertEquals(80_000, versions.stream().distinct().count());
        assertEquals(before + 80_000, versions.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(new CounterStore.Value(40_000, before + 80_000), store.current());
    }
}
