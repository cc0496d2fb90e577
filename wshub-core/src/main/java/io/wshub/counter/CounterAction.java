package io.wshub.counter;

/** What a client sends: {@code {"action":"plus"}} or {@code {"action":"minus"}}. Immutable. */
public enum CounterAction {
    PLUS, MINUS
}
