package io.wshub.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Announces {@link ConnectionEvent}s to the application's CDI observers. An observer that throws is logged; the
 * connection carries on. Thread-safe: CDI's {@link Event} is.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    private final Consumer<ConnectionEvent> observers;

    /** For CDI's client proxy only. */
    protected Lifecycle() {
        this.observers = null;
    }

    @Inject
    public Lifecycle(Event<ConnectionEvent> events) {
        this(events::fire);
    }

    /** A lifecycle whose events go to one listener: for tests, and code outside CDI. */
    public Lifecycle(Consumer<ConnectionEvent> observers) {
        this.observers = observers;
    }

    public void announce(ConnectionEvent event) {
        try {
            observers.accept(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "an observer of " + event + " failed");
        }
    }
}
