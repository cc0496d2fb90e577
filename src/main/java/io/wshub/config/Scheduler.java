package io.wshub.config;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one timer thread, for periodic housekeeping (expiring stored messages, demo producers): no
 * thread per connection or per feature. It is stopped with the application. A task that throws is logged and keeps
 * its schedule. Thread-safe.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "wshub-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} every {@code period}, the first time one period from now. */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long millis = period.toMillis();
        return timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduled task failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, {@code delay} from now. */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return timer.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduled task failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void shutdown() {
        timer.shutdownNow();
    }
}
