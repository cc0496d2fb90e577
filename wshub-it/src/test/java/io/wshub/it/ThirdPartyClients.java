package io.wshub.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the clients under {@code src/test/python} with Debian's Python and its {@code python3-websockets}. Where that
 * package is missing the tests are skipped with a loud message, except under CI ({@code CI} set), which installs it
 * and so must fail instead.
 */
final class ThirdPartyClients {

    private static final String PYTHON = "/usr/bin/python3";

    private ThirdPartyClients() {
    }

    static void requirePythonWebsockets() throws IOException, InterruptedException {
        boolean available = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import websockets").start().waitFor() == 0;
        if (!available) {
            String message = "*** python3-websockets is not installed (apt-get install python3-websockets): "
                    + "the third-party client tests cannot run ***";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    /** Runs a Python client script with arguments; returns its output lines, failing on a non-zero exit. */
    static List<String> python(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, Path.of("wshub-it/src/test/python", script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(script + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output.lines().toList();
    }
}
