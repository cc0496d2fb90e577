package io.wshub.feed;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.json.Json;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Topics: each item gets the topic's next seq and goes out, encoded once, to the topic's subscribers. Feeds keep no
 * items, only each topic's seq; past {@value #MAX_TOPICS} topics, those without subscribers are forgotten (their
 * next item is seq 1 again: nobody was there to see the old ones). Thread-safe: a topic's seq and its deliveries are
 * ordered by the topic's own lock, so every subscriber receives the items in seq order; the map of topics is
 * concurrent.
 */
@ApplicationScoped
public class FeedService {

    /** A valid topic name. */
    public static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Topics whose seq is kept even while nobody subscribes. */
    static final int MAX_TOPICS = 10_000;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final SessionRegistry registry;
    private final Broker broker;
    private final Clock clock;

    /** For CDI's client proxy only. */
    protected FeedService() {
        this(null, null, null);
    }

    @Inject
    public FeedService(SessionRegistry registry, Broker broker, Clock clock) {
        this.registry = registry;
        this.broker = broker;
        this.clock = clock;
    }

    /** The registry group of a topic's subscribers. */
    public static String topicGroup(String topic) {
        return "topic:" + topic;
    }

    public static boolean isValidTopic(String topic) {
        return topic != null && TOPIC_NAME.matcher(topic).matches();
    }

    /**
     * Publishes an item to a topic's subscribers.
     *
     * @param data any JSON value, or an object JSON-B can serialize
     * @return the item's seq
     * @throws IllegalArgumentException if the topic name is invalid, or a string in the data is not valid Unicode
     */
    public long publish(String topic, Object data) {
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException("a topic name is 1 to 64 of letters, digits, '_', '.', '-': " + topic);
        }
        Topic counter = topics.computeIfAbsent(topic, name -> new Topic());
        if (topics.size() > MAX_TOPICS) {
            topics.entrySet().removeIf(entry -> entry.getValue() != counter && !hasSubscribers(entry.getKey()));
        }
        synchronized (counter) {
            long seq = counter.seq + 1;
            String json = Json.encode(new FeedMessage(topic, seq, clock.instant().toString(), data));
            counter.seq = seq;
            broker.publish(Envelope.to(topicGroup(topic), json));
            return seq;
        }
    }

    /** Topics with a seq, for tests. */
    int topicCount() {
        return topics.size();
    }

    public boolean hasSubscribers(String topic) {
        return !registry.members(topicGroup(topic)).isEmpty();
    }

    /** A topic's seq counter; guarded by its own monitor. */
    private static final class Topic {
        private long seq;
    }
}
