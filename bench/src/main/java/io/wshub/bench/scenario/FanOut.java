package io.wshub.bench.scenario;

import io.wshub.bench.client.Clients;
import io.wshub.bench.client.Clients.Ws;
import io.wshub.bench.measure.Proc;
import io.wshub.bench.measure.Samples;
import io.wshub.bench.server.Target;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One publisher and {@code subscribers} members of one room, through the real chat endpoint. Paced: the publisher
 * says {@code rate} messages a second through the warm-up and the measured window. Burst: after a paced warm-up it
 * says {@code burst} messages back to back. Each message's text is its number; every subscriber times its arrival
 * against the moment it was published (same process, same clock). Reports deliveries a second, publish-to-receive
 * percentiles, the time until the last subscriber has each message, losses (must be 0) and the server's CPU time per
 * delivery.
 */
public final class FanOut implements Scenario {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final long JOIN_EVENTS_PER_SECOND = 200_000;
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private final int subscribers;
    private final int rate;
    private final int burst;
    private final Timing timing;

    /** @param burst 0 for a paced run, else the number of messages said back to back after the warm-up */
    public FanOut(int subscribers, int rate, int burst, Timing timing) {
        this.subscribers = subscribers;
        this.rate = rate;
        this.burst = burst;
        this.timing = timing;
    }

    @Override
    public String name() {
        return "fanout-" + subscribers + (burst > 0 ? "-burst-" + burst : "-paced-" + rate);
    }

    @Override
    public JsonObject run(Target target, Clients clients) throws Exception {
        int paced = (int) (rate * (timing.warmup().toMillis() + (burst > 0 ? 0 : timing.measure().toMillis()))
                / 1000);
        Tracker tracker = new Tracker(paced + burst + 1, subscribers);
        String room = "bench-" + System.nanoTime();
        List<Subscriber> members = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            members.add(new Subscriber(tracker));
        }
        // wshub tells the whole room of every join: the i-th member waits so that the joins keep within
        // JOIN_EVENTS_PER_SECOND deliveries, which the load generator reads without falling behind
        List<Ws> sockets = clients.connectAll(subscribers, 256, i -> i * 1_000_000_000L / JOIN_EVENTS_PER_SECOND,
                i -> target.ws("chat/" + room + "?user=s" + i), members::get);
        Ws publisher = clients.connect(target.ws("chat/" + room + "?user=publisher"), (ws, text) -> { })
                .get(30, TimeUnit.SECONDS);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            // joining sends presence to everyone in the room: let it pass before anything is timed
            tracker.awaitQuiet(QUIET, SETTLE_LIMIT);
            Proc proc = target.proc();
            AtomicInteger published = new AtomicInteger();
            long period = 1_000_000_000L / rate;
            long warmupEnd = System.nanoTime() + timing.warmup().toNanos();
            long[] window = new long[2];
            long[] cpu = new long[2];
            if (burst == 0) {
                long measureEnd = warmupEnd + timing.measure().toNanos();
                var pacing = pacer.scheduleAtFixedRate(() -> {
                    long now = System.nanoTime();
                    if (now < measureEnd) {
                        tracker.publish(publisher, published.getAndIncrement(), now >= warmupEnd);
                    }
                }, 0, period, TimeUnit.NANOSECONDS);
                Timing.sleep(timing.warmup());
                cpu[0] = proc.cpuMicros();
                window[0] = System.nanoTime();
                Timing.sleep(timing.measure());
                cpu[1] = proc.cpuMicros();
                window[1] = System.nanoTime();
                pacing.cancel(false);
                tracker.awaitDelivered(published.get(), DRAIN_LIMIT);
            } else {
                var pacing = pacer.scheduleAtFixedRate(() -> {
                    if (System.nanoTime() < warmupEnd) {
                        tracker.publish(publisher, published.getAndIncrement(), false);
                    }
                }, 0, period, TimeUnit.NANOSECONDS);
                Timing.sleep(timing.warmup());
                pacing.cancel(false);
                pacer.submit(() -> { }).get();
                tracker.awaitDelivered(published.get(), DRAIN_LIMIT);
                cpu[0] = proc.cpuMicros();
                window[0] = System.nanoTime();
                for (int i = 0; i < burst; i++) {
                    tracker.publish(publisher, published.getAndIncrement(), true);
                }
                tracker.awaitDelivered(published.get(), DRAIN_LIMIT);
                cpu[1] = proc.cpuMicros();
                window[1] = tracker.lastArrival();
            }
            long rss = proc.rssBytes();

            Samples latency = new Samples();
            for (Subscriber member : members) {
                synchronized (member) {
                    latency.addAll(member.samples);
                }
            }
            Samples lastSubscriber = tracker.timeToLast();
            long deliveries = latency.size();
            double seconds = (window[1] - window[0]) / 1e9;
            double[] p = latency.percentilesMicros();
            double[] last = lastSubscriber.percentilesMicros();
            return Json.createObjectBuilder()
                    .add("scenario", name()).add("server", target.name()).add("subscribers", subscribers)
                    .add("messages", tracker.measuredCount())
                    .add("deliveries_per_s", deliveries / seconds)
                    .add("latency_p50_us", p[0]).add("latency_p99_us", p[1]).add("latency_p999_us", p[2])
                    .add("last_subscriber_p50_us", last[0]).add("last_subscriber_p99_us", last[1])
                    .add("losses", tracker.losses(published.get()))
                    .add("subscribers_closed", tracker.closed.get())
                    .add("server_cpu_us_per_delivery", deliveries == 0 ? 0 : (double) (cpu[1] - cpu[0]) / deliveries)
                    .add("server_rss_mb", rss / 1e6)
                    .build();
        } finally {
            pacer.shutdownNow();
            publisher.close();
            sockets.forEach(Ws::close);
        }
    }

    /** What every subscriber saw of every message; shared by the subscribers' event-loop threads. */
    private static final class Tracker {

        private final int subscribers;
        private final AtomicLongArray publishedAt;
        private final AtomicIntegerArray measured;
        private final AtomicIntegerArray arrivals;
        private final AtomicLongArray lastArrival;
        private final AtomicLong lastFrame = new AtomicLong(System.nanoTime());
        private final AtomicInteger closed = new AtomicInteger();

        Tracker(int capacity, int subscribers) {
            this.subscribers = subscribers;
            this.publishedAt = new AtomicLongArray(capacity);
            this.measured = new AtomicIntegerArray(capacity);
            this.arrivals = new AtomicIntegerArray(capacity);
            this.lastArrival = new AtomicLongArray(capacity);
        }

        void publish(Ws publisher, int number, boolean measure) {
            if (number >= publishedAt.length()) {
                return;
            }
            measured.set(number, measure ? 1 : 0);
            publishedAt.set(number, System.nanoTime());
            publisher.send("{\"type\":\"say\",\"text\":\"" + number + "\"}");
        }

        /** @return the latency to record, or -1 if the message is not measured */
        long arrived(int number, long now) {
            arrivals.incrementAndGet(number);
            lastArrival.accumulateAndGet(number, now, Math::max);
            return measured.get(number) == 1 ? now - publishedAt.get(number) : -1;
        }

        void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() - lastFrame.get() < quiet.toNanos()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the room never went quiet after the joins");
                }
                Thread.sleep(100);
            }
        }

        void awaitDelivered(int published, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (losses(published) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        long losses(int published) {
            long missing = 0;
            for (int i = 0; i < Math.min(published, arrivals.length()); i++) {
                missing += subscribers - arrivals.get(i);
            }
            return missing;
        }

        long lastArrival() {
            long last = 0;
            for (int i = 0; i < lastArrival.length(); i++) {
                last = Math.max(last, lastArrival.get(i));
            }
            return last;
        }

        int measuredCount() {
            int count = 0;
            for (int i = 0; i < measured.length(); i++) {
                count += measured.get(i);
            }
            return count;
        }

        /** For each measured message: from its publication until the last subscriber had it. */
        Samples timeToLast() {
            Samples samples = new Samples();
            for (int i = 0; i < measured.length(); i++) {
                if (measured.get(i) == 1 && lastArrival.get(i) > 0) {
                    samples.add(lastArrival.get(i) - publishedAt.get(i));
                }
            }
            return samples;
        }
    }

    private static final class Subscriber implements Ws.Listener {

        private static final String TEXT = "\"text\":\"";

        private final Tracker tracker;
        private final Samples samples = new Samples();

        Subscriber(Tracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public void onText(Ws ws, String text) {
            long now = System.nanoTime();
            tracker.lastFrame.set(now);
            int start = text.indexOf(TEXT);
            if (start < 0 || !text.contains("\"type\":\"message\"")) {
                return;
            }
            start += TEXT.length();
            int number = Integer.parseInt(text, start, text.indexOf('"', start), 10);
            long latency = tracker.arrived(number, now);
            if (latency >= 0) {
                synchronized (this) {
                    samples.add(latency);
                }
            }
        }

        @Override
        public void onClose(Ws ws) {
            tracker.closed.incrementAndGet();
        }
    }
}
