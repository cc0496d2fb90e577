package io.wshub.feed;

class LocalTopicSequencesTest extends TopicSequencesContract {

    @Override
    protected TopicSequences sequences() {
        return new LocalTopicSequences(topic -> true);
    }
}
