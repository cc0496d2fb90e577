package io.wshub.feed;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.broker.LocalDelivery;
import io.wshub.json.RawJson;
import io.wshub.session.Broadcast;
import io.wshub.session.Connection;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topics: each item gets the topic's next seq from the {@link TopicSequences} and goes out, encoded once per wire
 * format, to the topic's subscribers, whose node delivers the items in seq order. Feeds keep no items: a subscriber
 * sees a gap in seq when it missed some (too slow a reader loses the oldest waiting for it). Thread-safe: stateless but
 * for the thread-safe parts it uses.
 */
@ApplicationScoped
public class FeedService {

    /** A valid topic name. */
    public static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final LocalDelivery delivery;
    private final Broker broker;
    private final TopicSequences sequences;
    private final SessionRegistry registry;
    private final Clock clock;
    private final RawJson json;

    /** For CDI's client proxy only. */
    protected FeedService() {
        this(null, null, null, null, null, null);
    }

    @Inject
    public FeedService(LocalDelivery delivery, Broker broker, TopicSequences sequences, SessionRegistry registry,
                       Clock clock, RawJson json) {
        this.delivery = delivery;
        this.broker = broker;
        this.sequences = sequences;
        this.registry = registry;
        this.clock = clock;
        this.json = json;
    }

    /** The group of a topic's subscribers. */
    public static String topicGroup(String topic) {
        return "topic:" + topic;
    }

    public static boolean isValidTopic(String topic) {
        return topic != null && TOPIC_NAME.matcher(topic).matches();
    }

    /** Subscribes a connection to a valid topic: it receives the items published from now on. */
    public void subscribe(Connection connection, String topic) {
        String group = topicGroup(topic);
        delivery.join(connection, group, group, new LocalDelivery.Stream() {
            @Override
            public LocalDelivery.Position head() {
                return new LocalDelivery.Position(sequences.epoch(), sequences.current(topic));
            }

            @Override
            public List<Envelope> missing(LocalDelivery.Position from, long upTo) {
                return List.of();
            }
        }, position -> null);
    }

    public void unsubscribe(Connection connection, String topic) {
        delivery.leave(connection, topicGroup(topic));
    }

    /**
     * Publishes an item to a topic's subscribers.
     *
     * @param data any JSON value, or an object JSON-B can serialize
     * @return the item's seq
     * @throws IllegalArgumentException if the topic name is invalid, or a string in the data is not valid Unicode;
     *                                  the item then takes no seq
     */
    public long publish(String topic, Object data) {
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException("a topic name is 1 to 64 of letters, digits, '_', '.', '-': " + topic);
        }
        if (data != null) {
            // refused here, before it takes a seq: a seq given out and never published is a gap every subscriber
            // waits out
            json.encode(data);
        }
        long seq = sequences.next(topic);
        broker.publish(Envelope.inOrder(topicGroup(topic),
                Broadcast.of(new FeedMessage(topic, seq, clock.instant().toString(), data)),
                new Envelope.Order(topicGroup(topic), sequences.epoch(), seq, true)));
        return seq;
    }

    /** Whether the topic has subscribers on this node. */
    public boolean hasSubscribers(String topic) {
        return !registry.members(topicGroup(topic)).isEmpty();
    }
}
