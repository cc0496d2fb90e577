package io.wshub.bench;

import io.wshub.bench.client.Clients;
import io.wshub.bench.report.Report;
import io.wshub.bench.scenario.Echo;
import io.wshub.bench.scenario.FanOut;
import io.wshub.bench.scenario.Idle;
import io.wshub.bench.scenario.PrivateRouting;
import io.wshub.bench.scenario.Scenario;
import io.wshub.bench.scenario.Timing;
import io.wshub.bench.server.Server;
import io.wshub.bench.server.Target;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every scenario against every server, round after round, servers in a different order each round, prints one
 * JSON line per run and writes the medians (see {@link Report}). {@code bench/run} builds what it needs and calls
 * this; {@code --help} lists the options.
 */
public final class Bench {

    private static final String USAGE = """
            usage: bench/run [options]
              --rounds N          rounds, each server once per round in a rotating order (default 3)
              --warmup S          seconds of warm-up before each measured window (default 30)
              --measure S         seconds measured (default 20)
              --servers a,b       among wshub-embedded, wshub-embedded-io1, wshub-tomcat, wshub-wildfly,
                                  wshub-wildfly-io, tyrus-bare, tyrus-bare-io1, node-ws, python-websockets
                                  (default: all), and wshub-embedded-baseline: the embedded jar of the commit
                                  that bench/run --baseline REV built, for a before/after in one run
              --scenarios a,b     among echo-100, echo-1000, fanout-1000-paced-20, fanout-1000-burst-200,
                                  fanout-5000-paced-10, idle-10000, private-1000-10 (default: all)
              --client-threads N  the load generator's event-loop threads (default 1)
              --out DIR           where results go (default bench/results)
              --name NAME         the results' file name (default: today's date)
              --jfr               JVM servers record a JFR profile (bench/target/jfr/, written when each stops)
              --jvm-option OPT    one more option for the JVM servers; {server} in it becomes the server's name, e.g.
                                  -agentpath:.../libasyncProfiler.so=start,event=cpu,file=/tmp/{server}.txt,collapsed
              --check             exit with 1 if any run failed, lost a message or misrouted one
            """;

    private Bench() {
    }

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Timing timing = new Timing(Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "30"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("measure", "20"))));
        List<Server> servers = new ArrayList<>();
        if (options.containsKey("servers")) {
            Arrays.stream(options.get("servers").split(",")).map(Server::byLabel).forEach(servers::add);
        } else {
            Arrays.stream(Server.values()).filter(server -> server != Server.WSHUB_EMBEDDED_BASELINE)
                    .forEach(servers::add);
        }
        List<Scenario> scenarios = scenarios(timing);
        if (options.containsKey("scenarios")) {
            List<String> wanted = List.of(options.get("scenarios").split(","));
            scenarios.removeIf(scenario -> !wanted.contains(scenario.name()));
        }
        Path root = Path.of("").toAbsolutePath();
        Path out = root.resolve(options.getOrDefault("out", "bench/results"));
        String name = options.getOrDefault("name", LocalDate.now().toString());

        List<JsonObject> runs = new ArrayList<>();
        try (Clients clients = new Clients(Integer.parseInt(options.getOrDefault("client-threads", "1")))) {
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < servers.size(); i++) {
                    Server server = servers.get((i + round - 1) % servers.size());
                    runs.addAll(runAll(root, server, scenarios, clients, round, options.containsKey("jfr"),
                            options.get("jvm-option")));
                }
            }
        }
        JsonObject machine = Json.createObjectBuilder()
                .add("description", Machine.describe())
                .add("rounds", rounds)
                .add("timing", timing.warmup().toSeconds() + " s warm-up, " + timing.measure().toSeconds()
                        + " s measured")
                .add("client_threads", Integer.parseInt(options.getOrDefault("client-threads", "1")))
                .build();
        Report report = new Report(runs, machine);
        report.write(out, name);
        System.out.println("\nresults: " + out.resolve(name + ".json") + ", " + out.resolve(name + ".md") + ", "
                + out.resolve(name) + "/*.png\n");
        System.out.println(report.markdown(name));
        if (options.containsKey("check")) {
            List<JsonObject> bad = runs.stream().filter(run -> run.containsKey("error")
                    || run.getJsonNumber("losses") != null && run.getJsonNumber("losses").longValue() > 0
                    || run.getJsonNumber("misroutes") != null && run.getJsonNumber("misroutes").longValue() > 0)
                    .toList();
            if (!bad.isEmpty()) {
                System.err.println("bench: failed, lost or misrouted:");
                bad.forEach(System.err::println);
                System.exit(1);
            }
        }
    }

    private static List<JsonObject> runAll(Path root, Server server, List<Scenario> scenarios, Clients clients,
                                           int round, boolean jfr, String jvmOption)
            throws IOException, InterruptedException {
        List<JsonObject> results = new ArrayList<>();
        try (Server.Running running = server.start(root, clients, jfr, jvmOption)) {
            Target target = running.target();
            for (Scenario scenario : scenarios) {
                if (!scenario.appliesTo(target)) {
                    continue;
                }
                JsonObject result;
                try {
                    result = Json.createObjectBuilder(scenario.run(target, clients)).add("round", round).build();
                } catch (Exception e) {
                    result = Json.createObjectBuilder().add("scenario", scenario.name())
                            .add("server", target.name()).add("round", round).add("error", String.valueOf(e))
                            .build();
                }
                System.out.println(result);
                results.add(result);
                // let closed connections go before the next scenario
                Thread.sleep(2_000);
            }
        }
        return results;
    }

    static List<Scenario> scenarios(Timing timing) {
        return new ArrayList<>(List.of(
                new Echo(100, timing),
                new Echo(1_000, timing),
                new FanOut(1_000, 20, 0, timing),
                new FanOut(1_000, 20, 200, timing),
                new FanOut(5_000, 10, 0, timing),
                new Idle(10_000),
                new PrivateRouting(1_000, 10, timing)));
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + argument + "\n" + USAGE);
            }
            String key = argument.substring(2);
            if (key.equals("help") || key.equals("check") || key.equals("jfr")) {
                options.put(key, "");
            } else if (i + 1 < arguments.length) {
                options.put(key, arguments[++i]);
            } else {
                throw new IllegalArgumentException(argument + " needs a value\n" + USAGE);
            }
        }
        return options;
    }

    /** What the results say about the machine they were measured on. */
    static final class Machine {

        private Machine() {
        }

        static String describe() throws IOException {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
            long memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(0L);
            return Runtime.getRuntime().availableProcessors() + " × " + cpu + ", " + memory / 1024 / 1024
                    + " GiB, Linux " + System.getProperty("os.version") + ", Java "
                    + System.getProperty("java.version") + ", loopback";
        }
    }
}
