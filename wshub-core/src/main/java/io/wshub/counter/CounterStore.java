package io.wshub.counter;

/**
 * The counter's shared value. {@link LocalCounterStore} keeps it in memory; a cluster store implements the same
 * contract, checked by {@code CounterStoreContract}. Thread-safe: each call is atomic, and every change gives the
 * value the next version of the store's epoch, so of two values the newer is the one with the higher version.
 * <p>
 * The {@code store} setting chooses the implementation ({@link io.wshub.store.Stores}).
 */
public interface CounterStore {

    /** The value, after the change that gave it {@code version}. */
    record Value(long value, long version) {
    }

    /** Adds {@code delta} to the value. @return the value after it */
    Value add(long delta);

    /** The value now. */
    Value current();

    /** Made at random when the value was created: versions count in it. */
    String epoch();
}
