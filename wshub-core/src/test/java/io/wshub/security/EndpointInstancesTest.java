package io.wshub.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EndpointInstancesTest {

    private final EndpointInstances instances = new EndpointInstances();
    private final AtomicInteger disposed = new AtomicInteger();

    @Test
    void theInstanceLastBuiltOnThisThreadIsTakenWithItsDisposalOnce() {
        Object endpoint = new Object();
        instances.built(endpoint, disposed::incrementAndGet);

        instances.take(endpoint).run();
        instances.take(endpoint).run();

        assertEquals(1, disposed.get());
    }

    @Test
    void anotherInstanceOrAnotherThreadsTakesNothing() throws Exception {
        Object endpoint = new Object();
        instances.built(endpoint, disposed::incrementAndGet);
        Thread other = new Thread(() -> instances.take(endpoint).run());
        other.start();
        other.join();
        instances.take(new Object()).run();

        assertEquals(0, disposed.get());
        instances.take(endpoint).run();
        assertEquals(0, disposed.get(), "a take for another instance left nothing behind");
    }

    @Test
    void anInstanceNobodyTookIsReplacedByTheNextBuilt() {
        Object forgotten = new Object();
        Object next = new Object();
        instances.built(forgotten, () -> disposed.addAndGet(100));
        instances.built(next, disposed::incrementAndGet);

        instances.take(next).run();

        assertEquals(1, disposed.get());
    }
}
