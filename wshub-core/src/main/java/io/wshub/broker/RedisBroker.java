package io.wshub.broker;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.wshub.session.DaemonThreads;
import io.wshub.session.FailureLog;
import jakarta.enterprise.inject.Vetoed;
import jakarta.json.bind.Jsonb;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The broker of a cluster: Redis pub/sub, one Redis channel per broker channel. A node publishes with
 * {@code PUBLISH} and subscribes while it has members for a channel; what arrives, its own publishes included, goes
 * to the channel's {@link Inbound} on one thread of the broker's, in the order Redis hands it over, which is the order
 * each publisher published in. Inbound deliveries never run on Lettuce's event loop, so a delivery may wait for Redis
 * (a gap repaired from a room's stream) without stalling the connection. Thread-safe: Lettuce's connections are, and
 * the subscriptions are a concurrent map.
 */
@Vetoed
public class RedisBroker implements Broker, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());
    private static final String PREFIX = "wshub:channel:";

    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Map<String, Inbound> inbounds = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(
            DaemonThreads.named("wshub-redis-delivery-"));
    private final EnvelopeJson json;
    private final FailureLog failures = new FailureLog(Clock.systemUTC(), 10, Duration.ofMinutes(1));

    /**
     * @param redis         the connection publishes go through
     * @param subscriptions a pub/sub connection of this broker's own, which it closes
     */
    public RedisBroker(RedisCommands<String, String> redis, StatefulRedisPubSubConnection<String, String> subscriptions,
                       Jsonb jsonb) {
        this.redis = redis;
        this.subscriptions = subscriptions;
        this.json = new EnvelopeJson(jsonb);
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                deliveries.execute(() -> arrive(channel.substring(PREFIX.length()), message));
            }
        });
    }

    /** @return how many nodes were subscribed to the channel: Redis does not know their connections */
    @Override
    public int publish(Envelope envelope) {
        return Math.toIntExact(redis.publish(PREFIX + envelope.channel(), json.write(envelope)));
    }

    @Override
    public void subscribe(String channel, Inbound inbound) {
        inbounds.put(channel, inbound);
        subscriptions.sync().subscribe(PREFIX + channel);
    }

    @Override
    public void unsubscribe(String channel) {
        subscriptions.sync().unsubscribe(PREFIX + channel);
        inbounds.remove(channel);
    }

    private void arrive(String channel, String message) {
        Inbound inbound = inbounds.get(channel);
        if (inbound == null) {
            return;
        }
        try {
            inbound.deliver(json.read(message));
        } catch (RuntimeException e) {
            failures.warn(LOG, e, "an envelope on " + channel + " reached nobody");
        }
    }

    @Override
    public void close() {
        subscriptions.close();
        deliveries.shutdown();
    }
}
