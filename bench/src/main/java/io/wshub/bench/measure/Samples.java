package io.wshub.bench.measure;

import java.util.Arrays;

/**
 * Every latency sample of a run, in nanoseconds, kept whole (no histogram buckets) so that percentiles are exact.
 * Not thread-safe: one per connection or per thread, merged with {@link #addAll} at the end.
 */
public final class Samples {

    private long[] values = new long[64];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    public int size() {
        return size;
    }

    /** p50, p99 and p99.9, microseconds. */
    public double[] percentilesMicros() {
        if (size == 0) {
            return new double[3];
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new double[] {rank(sorted, 50), rank(sorted, 99), rank(sorted, 99.9)};
    }

    private double rank(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1_000.0;
    }
}
