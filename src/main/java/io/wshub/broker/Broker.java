package io.wshub.broker;

/**
 * Carries envelopes to every connection they concern. The {@link LocalBroker} serves one JVM; a cluster broker
 * replaces it by configuration, and the services above do not change.
 * <p>
 * Implementations are thread-safe, and deliver the envelopes published by one thread in the order published.
 */
public interface Broker {

    /**
     * Delivers the envelope to the members of its group.
     *
     * @return how many connections of this node accepted it into their outbox
     */
    int publish(Envelope envelope);
}
