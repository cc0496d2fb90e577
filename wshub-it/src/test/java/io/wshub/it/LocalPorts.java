package io.wshub.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for the servers the ITs start themselves (nginx, a second Tomcat or WildFly). */
final class LocalPorts {

    private LocalPorts() {
    }

    /** A port free on loopback now. */
    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until something accepts connections on the loopback port, failing early if process exits. */
    static void awaitListening(int port, Process process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError(process.info().command().orElse("the server") + " exited with "
                            + process.exitValue() + " before listening on " + port);
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nothing listened on " + port + " within " + timeout);
    }
}
