package io.wshub.bench.scenario;

import io.wshub.bench.client.Clients;
import io.wshub.bench.client.Clients.Ws;
import io.wshub.bench.measure.Proc;
import io.wshub.bench.measure.Samples;
import io.wshub.bench.server.Target;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.util.List;

/**
 * Opens {@code connections} echo connections, at most 256 handshakes at a time, and leaves them idle. Reports
 * handshakes a second and their latency, and what each idle connection costs: resident memory and, for a JVM, live
 * heap after a full GC.
 */
public final class Idle implements Scenario {

    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final int connections;

    public Idle(int connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "idle-" + connections;
    }

    @Override
    public JsonObject run(Target target, Clients clients) throws Exception {
        Proc proc = target.proc();
        Timing.sleep(SETTLE);
        long heapBefore = target.jvm() ? proc.liveHeapBytes() : 0;
        long rssBefore = proc.rssBytes();
        long t0 = System.nanoTime();
        List<Ws> sockets = clients.connectAll(connections, 256, i -> target.ws("echo?user=idle" + i),
                i -> (ws, text) -> { });
        long elapsed = System.nanoTime() - t0;
        try {
            Samples handshakes = new Samples();
            sockets.forEach(ws -> handshakes.add(ws.handshakeNanos()));
            Timing.sleep(SETTLE);
            long heapAfter = target.jvm() ? proc.liveHeapBytes() : 0;
            long rssAfter = proc.rssBytes();
            double[] p = handshakes.percentilesMicros();
            JsonObjectBuilder result = Json.createObjectBuilder()
                    .add("scenario", name()).add("server", target.name()).add("connections", connections)
                    .add("handshakes_per_s", connections * 1e9 / elapsed)
                    .add("handshake_p50_us", p[0]).add("handshake_p99_us", p[1])
                    .add("rss_kib_per_connection", (rssAfter - rssBefore) / 1024.0 / connections)
                    .add("server_rss_mb", rssAfter / 1e6);
            if (target.jvm()) {
                result.add("live_heap_kib_per_connection", (heapAfter - heapBefore) / 1024.0 / connections);
            }
            return result.build();
        } finally {
            sockets.forEach(Ws::close);
        }
    }
}
