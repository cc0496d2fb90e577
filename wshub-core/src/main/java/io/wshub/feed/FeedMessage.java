package io.wshub.feed;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One item of a feed, as every subscriber of its topic receives it; {@code seq} grows by one per item of the topic,
 * so a reader that missed items sees the gap. Immutable.
 *
 * @param data any JSON: a {@code jakarta.json.JsonValue}, or an object JSON-B can serialize
 */
@JsonbPropertyOrder({"type", "topic", "seq", "ts", "data"})
public record FeedMessage(String type, String topic, long seq, String ts, Object data) {

    public FeedMessage(String topic, long seq, String ts, Object data) {
        this("feed", topic, seq, ts, data);
    }
}
