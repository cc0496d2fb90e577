package io.wshub.embedded;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the {@code @ServerEndpoint} classes CDI finds while it scans, so that the embedded server deploys the
 * same endpoints a servlet container would find by its own annotation scan. Thread-safe: a concurrent set, filled
 * during bootstrap and read after it.
 */
public class EndpointDiscovery implements Extension {

    private final Set<Class<?>> endpoints = ConcurrentHashMap.newKeySet();

    void found(@Observes @WithAnnotations(ServerEndpoint.class) ProcessAnnotatedType<?> type) {
        endpoints.add(type.getAnnotatedType().getJavaClass());
    }

    public Set<Class<?>> endpoints() {
        return Set.copyOf(endpoints);
    }
}
