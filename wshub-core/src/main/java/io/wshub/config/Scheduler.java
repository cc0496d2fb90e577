package io.wshub.config;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's timer, for periodic housekeeping (expiring stored messages, demo producers, keep-alive pings):
 * no thread per connection or per feature. Where the container offers its default
 * {@code ManagedScheduledExecutorService} (WildFly, Payara, GlassFish), the tasks run there, under the container's
 * management; elsewhere (Tomcat, the embedded server) on one thread of wshub's own, stopped with the application. A
 * task that throws is logged and keeps its schedule. Thread-safe.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /** Where Jakarta Concurrency puts the container's default scheduled executor. */
    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";

    private volatile ScheduledExecutorService timer;
    private volatile boolean managed;

    /**
     * For CDI, which calls {@link #start}; its client proxy is built with this constructor too, and must look nothing
     * up and start nothing.
     */
    public Scheduler() {
    }

    /** A scheduler on the given container-managed executor, which it never shuts down; null: a thread of its own. */
    Scheduler(ScheduledExecutorService containerManaged) {
        use(containerManaged);
    }

    /** A scheduler on a thread of its own, for code outside CDI. */
    public static Scheduler standalone() {
        return new Scheduler(null);
    }

    /** Takes the container's executor, if it offers one, else a thread of its own. */
    @PostConstruct
    void start() {
        use(managedExecutor());
    }

    private void use(ScheduledExecutorService containerManaged) {
        this.managed = containerManaged != null;
        this.timer = managed ? containerManaged : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wshub-scheduler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether the tasks run on the container's executor. */
    public boolean managed() {
        return managed;
    }

    private static ScheduledExecutorService managedExecutor() {
        try {
            if (new InitialContext().lookup(MANAGED_EXECUTOR) instanceof ScheduledExecutorService executor) {
                LOG.info("scheduled tasks run on the container's " + MANAGED_EXECUTOR);
                return executor;
            }
        } catch (NamingException | RuntimeException none) {
            // Tomcat, the embedded server, a unit test: no such resource, or no naming at all
        }
        return null;
    }

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

    /** Stops wshub's own thread; a container's executor is the container's to stop (Jakarta Concurrency 3.1). */
    @PreDestroy
    public void shutdown() {
        if (!managed) {
            timer.shutdownNow();
        }
    }
}
