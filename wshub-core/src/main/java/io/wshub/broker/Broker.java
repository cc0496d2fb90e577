package io.wshub.broker;

/**
 * Carries envelopes between the nodes that have members for them. A publisher hands an envelope to the broker; the
 * broker hands it to the {@link Inbound} side of every node subscribed to its {@link Envelope#channel() channel}
 * (on one node, the {@link LocalDelivery}), which delivers it to the node's own connections. The
 * {@link LocalBroker} serves one JVM; a cluster broker takes its place by the {@code store} setting
 * ({@link io.wshub.store.Stores}), and neither the services above it nor the delivery below it change. Envelopes carry
 * typed messages: a cluster broker writes each one in wshub's own format ({@link io.wshub.json.RawJson}) with its
 * record type, and the receiving node reads it back into that record, which its delivery writes in each of its
 * recipients' formats.
 * <p>
 * Implementations are thread-safe, and hand the envelopes published by one thread to each subscriber in the order
 * published.
 */
public interface Broker {

    /** The receiving side of a node: delivers an envelope to the node's own connections. */
    @FunctionalInterface
    interface Inbound {
        /** @return how many of the node's connections accepted the envelope into their outbox */
        int deliver(Envelope envelope);
    }

    /**
     * Hands the envelope to every node subscribed to its channel.
     *
     * @return how many recipients it reached, as far as this node can tell: 0 when nobody was subscribed, or
     *         nobody accepted it. On one node, the connections that accepted it into their outbox.
     */
    int publish(Envelope envelope);

    /** Subscribes this node to a channel: envelopes published to it, by any node, go to {@code inbound}. */
    void subscribe(String channel, Inbound inbound);

    /** Ends this node's subscription to a channel. */
    void unsubscribe(String channel);
}
