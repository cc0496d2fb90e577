package io.wshub.it.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar wshub-embedded.jar} in a process of its own, as a user starts it: on a free port, its output
 * copied to a log file, ready when it logs its URL.
 */
public final class EmbeddedProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("wshub ready at http://[^:/]+:(\\d+)/");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final List<String> output;
    private final Thread pump;

    private EmbeddedProcess(Process process, int port, List<String> output, Thread pump) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.pump = pump;
    }

    /** Starts the jar on a free loopback port with extra environment variables, and waits until it is ready. */
    public static EmbeddedProcess start(Path jar, Path log, Map<String, String> environment) throws IOException {
        return start(jar, log, List.of("-Xmx256m"), environment);
    }

    /** As {@link #start(Path, Path, Map)}, with more command-line arguments for the server. */
    public static EmbeddedProcess start(Path jar, Path log, Map<String, String> environment, List<String> arguments)
            throws IOException {
        return start(List.of(), jar, log, List.of("-Xmx256m"), environment, "127.0.0.1", 0, arguments);
    }

    /** As {@link #start(Path, Path, Map)}, with JVM options. */
    public static EmbeddedProcess start(Path jar, Path log, List<String> javaOptions, Map<String, String> environment)
            throws IOException {
        return start(List.of(), jar, log, javaOptions, environment, "127.0.0.1");
    }

    /**
     * As {@link #start(Path, Path, List, Map)}, behind a command prefix (such as {@code ip netns exec NAME}) and bound
     * to the given address.
     */
    public static EmbeddedProcess start(List<String> prefix, Path jar, Path log, List<String> javaOptions,
                                        Map<String, String> environment, String host) throws IOException {
        return start(prefix, jar, log, javaOptions, environment, host, 0, List.of());
    }

    /** As {@link #start(Path, Path, Map)}, on a given port: the port of a server that was stopped, to restart it. */
    public static EmbeddedProcess startOnPort(Path jar, Path log, int port) throws IOException {
        return start(List.of(), jar, log, List.of("-Xmx256m"), Map.of(), "127.0.0.1", port, List.of());
    }

    private static EmbeddedProcess start(List<String> prefix, Path jar, Path log, List<String> javaOptions,
                                         Map<String, String> environment, String host, int port,
                                         List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        javaOptions.stream().filter(option -> !option.isBlank()).forEach(command::add);
        command.addAll(List.of("-jar", jar.toString(), "--port", String.valueOf(port), "--host", host));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Files.createDirectories(log.getParent());
        PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); logWriter) {
                String line;
                while ((line = reader.readLine()) != null) {
                    logWriter.println(line);
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("wshub exited before it was ready; see " + log));
        }, "embedded-wshub-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new EmbeddedProcess(process, ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS), output, pump);
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("wshub did not start within " + STARTUP + "; see " + log, e);
        }
    }

    public int port() {
        return port;
    }

    /** The server's process id, to look at it under {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    /** Every line the server has printed so far. */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Sends SIGTERM and waits for the process to end and its output to be read. @return its exit code */
    public int terminate(Duration timeout) throws InterruptedException {
        // Process.destroy() would also close our end of the output pipe and lose what the server says on its way out
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("wshub did not stop within " + timeout + " of SIGTERM");
        }
        pump.join(timeout.toMillis());
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                terminate(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
