package io.wshub.bench.scenario;

import java.time.Duration;

/**
 * How long a scenario warms the server up before it measures (the JIT needs some 30 s to settle), and how long it
 * measures.
 */
public record Timing(Duration warmup, Duration measure) {

    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(20));

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
