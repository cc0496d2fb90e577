package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Carries an endpoint instance that {@link EndpointConfigurator} built through CDI, and what disposes of it, to the
 * {@code @OnOpen} of that instance, where {@link io.wshub.session.ContainerSessions} takes it and disposes of it when
 * the connection ends: the {@code @PreDestroy} of the endpoint and of its {@code @Dependent} beans then runs, as it
 * would for a bean CDI itself manages. Every runtime builds the instance and calls its {@code @OnOpen} on one thread,
 * one right after the other; an instance whose {@code @OnOpen} takes nothing (an application endpoint that does not
 * open its connection through wshub) is replaced by the next one built on that thread and left to the garbage
 * collector, as before. Thread-safe: one slot per thread.
 */
@ApplicationScoped
public class EndpointInstances {

    private record Built(Object endpoint, Runnable dispose) {
    }

    private final ThreadLocal<Built> built = new ThreadLocal<>();

    /** Leaves an instance just built on this thread for its {@code @OnOpen}. */
    public void built(Object endpoint, Runnable dispose) {
        built.set(new Built(endpoint, dispose));
    }

    /**
     * What disposes of {@code endpoint}, if it is the instance last built on this thread; nothing is left here after.
     *
     * @return the disposal, to run once when the endpoint's connection ends; a no-op for an instance CDI did not build
     *         here
     */
    public Runnable take(Object endpoint) {
        Built last = built.get();
        built.remove();
        return last != null && last.endpoint == endpoint ? last.dispose : () -> { };
    }
}
