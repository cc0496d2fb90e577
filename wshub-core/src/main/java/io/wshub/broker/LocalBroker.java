package io.wshub.broker;

import jakarta.enterprise.inject.Vetoed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker of a single node: a publish is handed, on the publisher's thread, to the node's subscriber of the
 * envelope's channel. Thread-safe: the subscriptions are a concurrent map.
 */
@Vetoed
public class LocalBroker implements Broker {

    private final Map<String, Inbound> subscriptions = new ConcurrentHashMap<>();

    @Override
    public int publish(Envelope envelope) {
        Inbound inbound = subscriptions.get(envelope.channel());
        return inbound == null ? 0 : inbound.deliver(envelope);
    }

    @Override
    public void subscribe(String channel, Inbound inbound) {
        subscriptions.put(channel, inbound);
    }

    @Override
    public void unsubscribe(String channel) {
        subscriptions.remove(channel);
    }

    /** Channels with a subscriber, for tests. */
    int subscriptionCount() {
        return subscriptions.size();
    }
}
