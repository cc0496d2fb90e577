package io.wshub.chat;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Private messages waiting for a user who is offline, kept in order and bounded. Delivery and storage are decided
 * atomically against the user coming online, so that a message is neither lost nor overtaken by a later one.
 * {@link LocalMailbox} keeps them in memory; a cluster store replaces it by configuration. Thread-safe.
 */
public interface Mailbox {

    /** What became of a private message. */
    enum Outcome { DELIVERED, STORED, FULL }

    /** A waiting message, already encoded. */
    record Letter(String json, Instant at) {
    }

    /**
     * Tries {@code deliver} unless older messages are still waiting for the user; stores the letter when it is not
     * delivered, unless the user's mailbox is full.
     *
     * @param deliver hands the message to the user's open connections; true if at least one accepted it
     */
    Outcome deliverOrStore(String user, Letter letter, BooleanSupplier deliver);

    /**
     * Makes a connection of the user reachable ({@code join}), then hands it the waiting letters, oldest first, as
     * one step against {@link #deliverOrStore}. A letter the connection refuses stays, with those after it.
     */
    void goOnline(String user, Runnable join, Predicate<Letter> deliver);
}
