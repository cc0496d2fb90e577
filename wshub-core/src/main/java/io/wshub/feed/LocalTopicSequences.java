package io.wshub.feed;

import io.wshub.session.SessionRegistry;
import jakarta.enterprise.inject.Vetoed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Topic seqs in this JVM. Past {@value #MAX_TOPICS} topics, those without subscribers are forgotten: their next item
 * is seq 1 again, nobody having been there to see the old ones. Thread-safe: one atomic counter per topic, in a
 * concurrent map.
 */
@Vetoed
public class LocalTopicSequences implements TopicSequences {

    /** Topics whose seq is kept even while nobody subscribes. */
    static final int MAX_TOPICS = 10_000;

    private final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final Map<String, AtomicLong> topics = new ConcurrentHashMap<>();
    private final Predicate<String> subscribed;

    public LocalTopicSequences(SessionRegistry registry) {
        this(topic -> !registry.members(FeedService.topicGroup(topic)).isEmpty());
    }

    /** @param subscribed whether a topic has subscribers, whose seqs must therefore not restart */
    public LocalTopicSequences(Predicate<String> subscribed) {
        this.subscribed = subscribed;
    }

    @Override
    public long next(String topic) {
        AtomicLong seq = topics.computeIfAbsent(topic, name -> new AtomicLong());
        if (topics.size() > MAX_TOPICS) {
            topics.entrySet().removeIf(entry -> entry.getValue() != seq && !subscribed.test(entry.getKey()));
        }
        return seq.incrementAndGet();
    }

    @Override
    public long current(String topic) {
        AtomicLong seq = topics.get(topic);
        return seq == null ? 0 : seq.get();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    /** Topics with a seq, for tests. */
    int topicCount() {
        return topics.size();
    }
}
