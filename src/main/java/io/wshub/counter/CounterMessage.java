package io.wshub.counter;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** What the counter sends. Each record has its {@code type} first and is encoded once per broadcast. Immutable. */
public sealed interface CounterMessage {

    /** How many clients are connected. */
    @JsonbPropertyOrder({"type", "count"})
    record Users(String type, int count) implements CounterMessage {
        public Users(int count) {
            this("users", count);
        }
    }

    /** The shared value. */
    @JsonbPropertyOrder({"type", "value"})
    record Value(String type, long value) implements CounterMessage {
        public Value(long value) {
            this("value", value);
        }
    }
}
