package io.wshub.feed;

import io.wshub.config.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Clock;
import java.time.Duration;

/**
 * The demo producer: while topic {@code clock} has subscribers, it publishes the server time every second, on the
 * application's one scheduler thread (stopped with the application). Thread-safe: stateless.
 */
@ApplicationScoped
public class ClockProducer {

    /** The topic it feeds. */
    public static final String TOPIC = "clock";

    /** One tick: {@code {"time":"2026-11-21T18:00:00.123Z"}}. */
    @JsonbPropertyOrder({"time"})
    public record Tick(String time) {
    }

    private final FeedService feeds;
    private final Scheduler scheduler;
    private final Clock clock;

    /** For CDI's client proxy only. */
    protected ClockProducer() {
        this(null, null, null);
    }

    @Inject
    public ClockProducer(FeedService feeds, Scheduler scheduler, Clock clock) {
        this.feeds = feeds;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        scheduler.every(Duration.ofSeconds(1), this::tick);
    }

    void tick() {
        if (feeds.hasSubscribers(TOPIC)) {
            feeds.publish(TOPIC, new Tick(clock.instant().toString()));
        }
    }
}
