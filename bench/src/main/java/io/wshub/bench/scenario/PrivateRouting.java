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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code users} users on wshub's {@code /ws/private}, each sending {@code rate} whispers a second to users picked at
 * random. Every recipient checks the message is addressed to it (else a misroute) and times it; after the run every
 * whisper sent must have arrived (else a loss). Reports deliveries a second, latency percentiles, misroutes and
 * losses (both must be 0) and the server's CPU time per delivery.
 */
public final class PrivateRouting implements Scenario {

    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private final int users;
    private final int rate;
    private final Timing timing;

    public PrivateRouting(int users, int rate, Timing timing) {
        this.users = users;
        this.rate = rate;
        this.timing = timing;
    }

    @Override
    public String name() {
        return "private-" + users + "-" + rate;
    }

    @Override
    public boolean appliesTo(Target target) {
        return target.wshub();
    }

    @Override
    public JsonObject run(Target target, Clients clients) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<User> everyone = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            everyone.add(new User(run + "u" + i));
        }
        AtomicLong sent = new AtomicLong();
        List<Ws> sockets = clients.connectAll(users, 256, i -> target.ws("private?user=" + everyone.get(i).name),
                everyone::get);
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try {
            Proc proc = target.proc();
            long start = System.nanoTime();
            long warmupEnd = start + timing.warmup().toNanos();
            long measureEnd = warmupEnd + timing.measure().toNanos();
            // each tick, every user sends its share of rate a second, so the load is even over time
            long ticksPerSecond = 1000 / TICK.toMillis();
            var sending = sender.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                if (now >= measureEnd) {
                    return;
                }
                long tick = (now - start) / TICK.toNanos();
                boolean measured = now >= warmupEnd;
                for (int i = 0; i < users; i++) {
                    // user i sends on rate of the ticks in a second, spread by its index
                    if ((tick + i) % ticksPerSecond < rate) {
                        int to = ThreadLocalRandom.current().nextInt(users - 1);
                        User recipient = everyone.get(to >= i ? to + 1 : to);
                        sockets.get(i).send("{\"type\":\"whisper\",\"to\":\"" + recipient.name + "\",\"text\":\""
                                + (measured ? "m" : "w") + System.nanoTime() + "\"}");
                        sent.incrementAndGet();
                    }
                }
            }, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
            Timing.sleep(timing.warmup());
            long cpu0 = proc.cpuMicros();
            long receivedBefore = received(everyone);
            long t0 = System.nanoTime();
            Timing.sleep(timing.measure());
            long t1 = System.nanoTime();
            long cpu = proc.cpuMicros() - cpu0;
            long deliveries = received(everyone) - receivedBefore;
            sending.cancel(false);
            sender.submit(() -> { }).get();
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while (received(everyone) < sent.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long rss = proc.rssBytes();

            Samples latency = new Samples();
            long misroutes = 0;
            for (User user : everyone) {
                synchronized (user) {
                    latency.addAll(user.samples);
                    misroutes += user.misroutes;
                }
            }
            double[] p = latency.percentilesMicros();
            return Json.createObjectBuilder()
                    .add("scenario", name()).add("server", target.name()).add("users", users)
                    .add("deliveries_per_s", deliveries * 1e9 / (t1 - t0))
                    .add("latency_p50_us", p[0]).add("latency_p99_us", p[1]).add("latency_p999_us", p[2])
                    .add("misroutes", misroutes)
                    .add("losses", sent.get() - received(everyone))
                    .add("server_cpu_us_per_delivery", deliveries == 0 ? 0 : (double) cpu / deliveries)
                    .add("server_rss_mb", rss / 1e6)
                    .build();
        } finally {
            sender.shutdownNow();
            sockets.forEach(Ws::close);
        }
    }

    private static long received(List<User> everyone) {
        long total = 0;
        for (User user : everyone) {
            synchronized (user) {
                total += user.received;
            }
        }
        return total;
    }

    private static final class User implements Ws.Listener {

        private static final String TEXT = "\"text\":\"";

        private final String name;
        private final String addressedToMe;
        private final Samples samples = new Samples();
        private long received;
        private long misroutes;

        User(String name) {
            this.name = name;
            this.addressedToMe = "\"to\":\"" + name + "\"";
        }

        @Override
        public void onText(Ws ws, String text) {
            long now = System.nanoTime();
            if (!text.contains("\"type\":\"private\"")) {
                return;
            }
            int start = text.indexOf(TEXT) + TEXT.length();
            boolean measured = text.charAt(start) == 'm';
            long sentAt = Long.parseLong(text, start + 1, text.indexOf('"', start), 10);
            synchronized (this) {
                received++;
                if (!text.contains(addressedToMe)) {
                    misroutes++;
                } else if (measured) {
                    samples.add(now - sentAt);
                }
            }
        }
    }
}
