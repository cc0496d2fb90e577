package io.wshub.counter;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** What the counter sends. Each record has its {@code type} first and is encoded once per broadcast. Immutable. */
public sealed interface CounterMessage {

    /** How many users are connected ({@code count}), and over how many connections (a user's tabs each count). */
    @JsonbPropertyOrder({"type", "count", "connections"})
    record Users(String type, int count, int connections) implements CounterMessage {
        public Users(int count, int connections) {
            this("users", count, connections);
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
