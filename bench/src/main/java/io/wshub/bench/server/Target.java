package io.wshub.bench.server;

import io.wshub.bench.measure.Proc;

import java.net.URI;

/**
 * A running server under test, as the scenarios see it.
 *
 * @param name     how it appears in the results, e.g. {@code wshub-embedded}, {@code node-ws}
 * @param base     the WebSocket base: endpoint paths such as {@code ws/echo} resolve against it
 * @param proc     its process, for CPU and memory
 * @param jvm      whether it is a JVM (live heap is measured only there)
 * @param wshub    whether it is wshub (the private-routing scenario needs wshub's {@code /ws/private})
 */
public record Target(String name, URI base, Proc proc, boolean jvm, boolean wshub) {

    public URI ws(String path) {
        return base.resolve(path);
    }
}
