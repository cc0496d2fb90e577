package io.wshub.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {

    @Test
    void withoutAContainerItRunsOnAThreadOfItsOwnAndStopsIt() throws Exception {
        Scheduler scheduler = new Scheduler();
        scheduler.start();
        assertFalse(scheduler.managed());
        CountDownLatch ran = new CountDownLatch(2);
        scheduler.every(Duration.ofMillis(10), () -> {
            ran.countDown();
            throw new IllegalStateException("a failing task keeps its schedule");
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS));

        scheduler.shutdown();
        assertThrows(RejectedExecutionException.class,
                () -> scheduler.after(Duration.ZERO, () -> { }));
    }

    @Test
    void aContainersExecutorIsUsedAndLeftRunning() throws Exception {
        ScheduledExecutorService container = Executors.newSingleThreadScheduledExecutor();
        try {
            Scheduler scheduler = new Scheduler(container);
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.after(Duration.ZERO, ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS));

            scheduler.shutdown();
            assertFalse(container.isShutdown());
        } finally {
            container.shutdownNow();
        }
    }
}
