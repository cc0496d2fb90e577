package io.wshub.bench.report;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the runs of a benchmark into its results: the median of the rounds for every metric of every scenario and
 * server, written as {@code <date>.json} (every run and the medians), {@code <date>.md} (a table per scenario with
 * ratios to Node {@code ws}) and PNG plots under {@code <date>/}.
 */
public final class Report {

    /** The server every ratio is taken against. */
    static final String REFERENCE = "node-ws";
    /** Numbers that say what was run rather than what was measured: not in the tables. */
    private static final Set<String> SIZES = Set.of("connections", "subscribers", "users", "round", "rounds");

    private final List<JsonObject> runs;
    private final JsonObject machine;
    private final Map<String, Map<String, JsonObject>> medians = new LinkedHashMap<>();

    public Report(List<JsonObject> runs, JsonObject machine) {
        this.runs = List.copyOf(runs);
        this.machine = machine;
        Map<String, Map<String, List<JsonObject>>> grouped = new LinkedHashMap<>();
        for (JsonObject run : runs) {
            if (run.containsKey("error")) {
                continue;
            }
            grouped.computeIfAbsent(run.getString("scenario"), s -> new LinkedHashMap<>())
                    .computeIfAbsent(run.getString("server"), s -> new ArrayList<>()).add(run);
        }
        grouped.forEach((scenario, byServer) -> byServer.forEach((server, rounds) ->
                medians.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).put(server, median(rounds))));
    }

    /** Writes {@code <name>.json}, {@code <name>.md} and {@code <name>/*.png} into {@code directory}. */
    public void write(Path directory, String name) throws IOException {
        Files.createDirectories(directory.resolve(name));
        JsonObjectBuilder all = Json.createObjectBuilder().add("date", name).add("machine", machine);
        JsonArrayBuilder runArray = Json.createArrayBuilder();
        runs.forEach(runArray::add);
        all.add("runs", runArray);
        JsonArrayBuilder medianArray = Json.createArrayBuilder();
        medians.values().forEach(byServer -> byServer.values().forEach(medianArray::add));
        all.add("medians", medianArray);
        JsonWriterFactory writers = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (Writer out = Files.newBufferedWriter(directory.resolve(name + ".json"))) {
            writers.createWriter(out).write(all.build());
        }
        Files.writeString(directory.resolve(name + ".md"), markdown(name));
        plots(directory.resolve(name));
    }

    /** The medians as Markdown: one table per scenario, every metric, and the headline metric's ratio to Node. */
    public String markdown(String name) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.getString("description")).append(". Median of ")
                .append(machine.getInt("rounds")).append(" rounds; ").append(machine.getString("timing"))
                .append(".\n");
        for (var scenario : medians.entrySet()) {
            Map<String, JsonObject> byServer = scenario.getValue();
            Set<String> metrics = new LinkedHashSet<>();
            byServer.values().forEach(result -> result.forEach((key, value) -> {
                if (value instanceof JsonNumber && !SIZES.contains(key)) {
                    metrics.add(key);
                }
            }));
            String headline = headline(scenario.getKey());
            JsonObject reference = byServer.get(REFERENCE);
            md.append("\n### ").append(scenario.getKey()).append("\n\n| server |");
            metrics.forEach(metric -> md.append(' ').append(metric).append(" |"));
            boolean ratio = reference != null && reference.containsKey(headline);
            if (ratio) {
                md.append(' ').append(headline).append(" ÷ ").append(REFERENCE).append(" |");
            }
            md.append("\n|---|");
            metrics.forEach(metric -> md.append("---:|"));
            md.append(ratio ? "---:|\n" : "\n");
            for (var server : byServer.entrySet()) {
                md.append("| ").append(server.getKey()).append(" |");
                for (String metric : metrics) {
                    JsonValue value = server.getValue().get(metric);
                    md.append(' ').append(value instanceof JsonNumber n ? format(n.doubleValue()) : "").append(" |");
                }
                if (ratio) {
                    double mine = server.getValue().getJsonNumber(headline).doubleValue();
                    double theirs = reference.getJsonNumber(headline).doubleValue();
                    md.append(' ').append(String.format(Locale.ROOT, "%.2f", mine / theirs)).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** The throughput figure of a scenario. */
    static String headline(String scenario) {
        if (scenario.startsWith("echo")) {
            return "round_trips_per_s";
        }
        if (scenario.startsWith("idle")) {
            return "handshakes_per_s";
        }
        return "deliveries_per_s";
    }

    private void plots(Path directory) throws IOException {
        for (String family : List.of("echo", "fanout", "private", "idle")) {
            CategoryChart chart = chart(family + ": " + headline(family).replace('_', ' ') + " (median)", "");
            Set<String> servers = new LinkedHashSet<>();
            List<String> scenarios = new ArrayList<>();
            medians.forEach((scenario, byServer) -> {
                if (scenario.startsWith(family)) {
                    scenarios.add(scenario);
                    servers.addAll(byServer.keySet());
                }
            });
            if (scenarios.isEmpty()) {
                continue;
            }
            for (String server : servers) {
                List<Double> values = new ArrayList<>();
                for (String scenario : scenarios) {
                    JsonObject result = medians.get(scenario).get(server);
                    values.add(result == null ? 0.0 : result.getJsonNumber(headline(scenario)).doubleValue());
                }
                chart.addSeries(server, scenarios, values);
            }
            BitmapEncoder.saveBitmap(chart, directory.resolve("throughput-" + family).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        for (var scenario : medians.entrySet()) {
            String prefix = scenario.getKey().startsWith("echo") ? "rtt" : scenario.getKey().startsWith("idle")
                    ? "handshake" : "latency";
            List<String> percentiles = new ArrayList<>();
            for (String p : List.of("p50", "p99", "p999")) {
                if (scenario.getValue().values().stream().anyMatch(r -> r.containsKey(prefix + "_" + p + "_us"))) {
                    percentiles.add(p);
                }
            }
            CategoryChart chart = chart(scenario.getKey() + ": " + prefix + " percentiles (median of rounds)", "µs");
            for (var server : scenario.getValue().entrySet()) {
                List<Double> values = new ArrayList<>();
                for (String p : percentiles) {
                    JsonNumber value = server.getValue().getJsonNumber(prefix + "_" + p + "_us");
                    values.add(value == null ? 0.0 : value.doubleValue());
                }
                chart.addSeries(server.getKey(), percentiles, values);
            }
            BitmapEncoder.saveBitmap(chart, directory.resolve("latency-" + scenario.getKey()).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        return chart;
    }

    private static JsonObject median(List<JsonObject> rounds) {
        JsonObjectBuilder median = Json.createObjectBuilder();
        JsonObject first = rounds.get(0);
        first.forEach((key, value) -> {
            if (key.equals("round")) {
                return;
            }
            if (value instanceof JsonNumber) {
                List<Double> values = new ArrayList<>();
                rounds.forEach(round -> {
                    if (round.get(key) instanceof JsonNumber n) {
                        values.add(n.doubleValue());
                    }
                });
                values.sort(Double::compare);
                int size = values.size();
                median.add(key, size % 2 == 1 ? values.get(size / 2)
                        : (values.get(size / 2 - 1) + values.get(size / 2)) / 2);
            } else {
                median.add(key, value);
            }
        });
        return median.add("rounds", rounds.size()).build();
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.2f", value);
    }
}
