package io.wshub.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two test hosts of our own: network namespaces joined by a veth pair, {@value #SERVER_ADDRESS} and
 * {@value #CLIENT_ADDRESS} (documentation addresses, which exist only inside the two namespaces). They let a test
 * see the server from a caller that is not on loopback. Needs root and iproute2; without them the test is skipped
 * with a loud message, except under CI, which runs as root and must fail instead.
 */
final class TestHosts implements AutoCloseable {

    static final String SERVER_ADDRESS = "192.0.2.1";
    static final String CLIENT_ADDRESS = "192.0.2.2";

    private final String server;
    private final String client;

    private TestHosts(String server, String client) {
        this.server = server;
        this.client = client;
    }

    static TestHosts create() throws IOException, InterruptedException {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        TestHosts hosts = new TestHosts("wshub-s-" + tag, "wshub-c-" + tag);
        String serverEnd = "ws-s" + tag;
        String clientEnd = "ws-c" + tag;
        try {
            run("ip", "netns", "add", hosts.server);
        } catch (IOException e) {
            String message = "*** cannot create network namespaces (root and iproute2 needed): " + e.getMessage()
                    + " — the test of callers off loopback cannot run ***";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message, e);
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
        try {
            run("ip", "netns", "add", hosts.client);
            run("ip", "link", "add", serverEnd, "type", "veth", "peer", "name", clientEnd);
            run("ip", "link", "set", serverEnd, "netns", hosts.server);
            run("ip", "link", "set", clientEnd, "netns", hosts.client);
            run("ip", "-n", hosts.server, "addr", "add", SERVER_ADDRESS + "/30", "dev", serverEnd);
            run("ip", "-n", hosts.client, "addr", "add", CLIENT_ADDRESS + "/30", "dev", clientEnd);
            for (String[] link : new String[][] {{hosts.server, serverEnd}, {hosts.client, clientEnd}}) {
                run("ip", "-n", link[0], "link", "set", "lo", "up");
                run("ip", "-n", link[0], "link", "set", link[1], "up");
            }
            return hosts;
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** The command prefix that runs a program on the server host. */
    List<String> onServer() {
        return List.of("ip", "netns", "exec", server);
    }

    /** Runs a command on the client host and returns its output. */
    String onClient(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", client));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command on the server host and returns its output. */
    String onServerHost(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(onServer());
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    @Override
    public void close() {
        for (String namespace : List.of(server, client)) {
            try {
                run("ip", "netns", "del", namespace);
            } catch (IOException | InterruptedException ignored) {
                // it may never have been made
            }
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
