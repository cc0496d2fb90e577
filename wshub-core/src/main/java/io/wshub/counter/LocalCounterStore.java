package io.wshub.counter;

import jakarta.enterprise.inject.Vetoed;

import java.util.concurrent.ThreadLocalRandom;

/** The counter's value in this JVM, from 0. Thread-safe: the value and its version change under this monitor. */
@Vetoed
public class LocalCounterStore implements CounterStore {

    private final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private long value;
    private long version;

    @Override
    public synchronized Value add(long delta) {
        value += delta;
        return new Value(value, ++version);
    }

    @Override
    public synchronized Value current() {
        return new Value(value, version);
    }

    @Override
    public String epoch() {
        return epoch;
    }
}
