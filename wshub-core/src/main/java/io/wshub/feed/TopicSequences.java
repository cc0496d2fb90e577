package io.wshub.feed;

/**
 * The seq of every feed topic: each item of a topic gets the next. {@link LocalTopicSequences} counts in memory; a
 * cluster store implements the same contract, checked by {@code TopicSequencesContract}. Thread-safe: concurrent
 * calls of {@link #next} on one topic get 1, 2, 3, ... without gap or repeat.
 * <p>
 * The {@code store} setting chooses the implementation ({@link io.wshub.store.Stores}).
 */
public interface TopicSequences {

    /** Takes the topic's next seq. */
    long next(String topic);

    /** The topic's last seq given out, 0 before the first. */
    long current(String topic);

    /** Made at random when the store was created: the seqs count in it. */
    String epoch();
}
