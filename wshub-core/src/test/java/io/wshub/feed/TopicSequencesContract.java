package io.wshub.feed;

import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every {@link TopicSequences} must do; an implementation's test extends this. */
public abstract class TopicSequencesContract {

    /** A fresh store, in which every topic has subscribers (so none is forgotten mid-test). */
    protected abstract TopicSequences sequences();

    @Test
    void eachTopicCountsFromOne() {
        TopicSequences sequences = sequences();
        assertEquals(0, sequences.current("prices"));
        assertEquals(List.of(1L, 2L, 1L), List.of(sequences.next("prices"), sequences.next("prices"),
                sequences.next("news")));
        assertEquals(2, sequences.current("prices"));
    }

    @Test
    void eightThreadsTakingTenThousandEachGetEverySeqOnce() throws Exception {
        TopicSequences sequences = sequences();
        List<Long> seqs = Concurrently.run(8, thread -> {
            List<Long> own = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                own.add(sequences.next("busy"));
            }
            return own;
        });

        assertEquals(80_000, seqs.stream().distinct().count());
        assertEquals(80_000, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(80_000, sequences.current("busy"));
    }
}
