package io.wshub.bench.scenario;

import io.wshub.bench.client.Clients;
import io.wshub.bench.client.Clients.Ws;
import io.wshub.bench.measure.Proc;
import io.wshub.bench.measure.Samples;
import io.wshub.bench.server.Target;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop ping-pong: every connection sends a ~100-byte JSON text, waits for it to come back, sends the next.
 * Reports round trips a second, round-trip time percentiles and the server's CPU time per round trip, over the
 * measured window only.
 */
public final class Echo implements Scenario {

    private final int connections;
    private final Timing timing;

    public Echo(int connections, Timing timing) {
        this.connections = connections;
        this.timing = timing;
    }

    @Override
    public String name() {
        return "echo-" + connections;
    }

    @Override
    public JsonObject run(Target target, Clients clients) throws Exception {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            peers.add(new Peer(i));
        }
        List<Ws> sockets = clients.connectAll(connections, 256,
                i -> target.ws("echo?user=echo" + i), peers::get);
        try {
            for (int i = 0; i < connections; i++) {
                Peer peer = peers.get(i);
                Ws ws = sockets.get(i);
                ws.execute(() -> peer.send(ws));
            }
            Timing.sleep(timing.warmup());
            Proc proc = target.proc();
            peers.forEach(peer -> peer.measuring = true);
            long cpu0 = proc.cpuMicros();
            long t0 = System.nanoTime();
            Timing.sleep(timing.measure());
            peers.forEach(peer -> peer.measuring = false);
            long elapsed = System.nanoTime() - t0;
            long cpu = proc.cpuMicros() - cpu0;
            long rss = proc.rssBytes();
            peers.forEach(peer -> peer.running = false);

            Samples rtt = new Samples();
            long roundTrips = 0;
            for (Peer peer : peers) {
                synchronized (peer) {
                    rtt.addAll(peer.samples);
                    roundTrips += peer.samples.size();
                }
            }
            double[] percentiles = rtt.percentilesMicros();
            return Json.createObjectBuilder()
                    .add("scenario", name()).add("server", target.name()).add("connections", connections)
                    .add("round_trips_per_s", roundTrips * 1e9 / elapsed)
                    .add("rtt_p50_us", percentiles[0]).add("rtt_p99_us", percentiles[1])
                    .add("rtt_p999_us", percentiles[2])
                    .add("server_cpu_us_per_round_trip", roundTrips == 0 ? 0 : (double) cpu / roundTrips)
                    .add("server_rss_mb", rss / 1e6)
                    .build();
        } finally {
            sockets.forEach(Ws::close);
        }
    }

    /** One connection's loop; runs on its event-loop thread. */
    private static final class Peer implements Ws.Listener {

        private final String message;
        private final Samples samples = new Samples();
        private volatile boolean measuring;
        private volatile boolean running = true;

        Peer(int index) {
            String head = "{\"type\":\"echo\",\"connection\":" + index + ",\"pad\":\"";
            this.message = head + "x".repeat(Math.max(1, 100 - head.length() - 2)) + "\"}";
        }

        void send(Ws ws) {
            ws.mark = System.nanoTime();
            ws.send(message);
        }

        @Override
        public void onText(Ws ws, String text) {
            long now = System.nanoTime();
            if (measuring) {
                synchronized (this) {
                    samples.add(now - ws.mark);
                }
            }
            if (running) {
                send(ws);
            }
        }
    }
}
