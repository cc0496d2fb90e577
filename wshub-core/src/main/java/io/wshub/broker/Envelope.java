package io.wshub.broker;

import io.wshub.session.Broadcast;

import java.util.Objects;

/**
 * One typed message on its way to the connections it concerns, which each node encodes once per wire format for
 * its own recipients. Immutable.
 *
 * @param target  who receives it
 * @param message the message
 * @param except the id of a connection that must not receive it, or null
 * @param order  where it stands in a stream whose messages every member must receive in order, or null
 */
public record Envelope(Target target, Broadcast message, String except, Order order) {

    /** The channel of every envelope to a user's connections: each node delivers them to the user's own. */
    public static final String USERS_CHANNEL = "users";

    /** The channel of every envelope to everybody. */
    public static final String EVERYBODY_CHANNEL = "everybody";

    /** Who an envelope is for. */
    public sealed interface Target {
    }

    /** The members of a group: a chat room, a user's chat inbox, a feed topic. */
    public record Group(String name) implements Target {
        public Group {
            Objects.requireNonNull(name);
        }
    }

    /** Every open connection of a user, on any endpoint. */
    public record User(String name) implements Target {
        public User {
            Objects.requireNonNull(name);
        }
    }

    /** Every open connection. */
    public record Everybody() implements Target {
    }

    /**
     * The place of an envelope in a stream (a room's messages, a topic's items, the counter's values): {@code seq}
     * counts in {@code epoch}, which changes when the stream starts over.
     *
     * @param contiguous true if every seq of the stream is a message each member must see (a room, a topic): a
     *                   later one waits for a missing one, which is fetched from the stream when it does not come;
     *                   false if each message replaces the ones before (the counter's value), so a late one is
     *                   dropped and nothing waits
     */
    public record Order(String stream, String epoch, long seq, boolean contiguous) {
        public Order {
            Objects.requireNonNull(stream);
            Objects.requireNonNull(epoch);
        }
    }

    public Envelope {
        Objects.requireNonNull(target);
        Objects.requireNonNull(message);
    }

    /** The broker channel the envelope travels on: its group's name, or the shared users or everybody channel. */
    public String channel() {
        if (target instanceof Group group) {
            return group.name();
        }
        return target instanceof User ? USERS_CHANNEL : EVERYBODY_CHANNEL;
    }

    public static Envelope to(String group, Broadcast message) {
        return new Envelope(new Group(group), message, null, null);
    }

    public static Envelope toGroupExcept(String group, Broadcast message, String exceptConnection) {
        return new Envelope(new Group(group), message, exceptConnection, null);
    }

    /** An envelope to a group, delivered to each member in the order of its stream. */
    public static Envelope inOrder(String group, Broadcast message, Order order) {
        return new Envelope(new Group(group), message, null, Objects.requireNonNull(order));
    }

    public static Envelope toUser(String user, Broadcast message) {
        return new Envelope(new User(user), message, null, null);
    }

    public static Envelope toEverybody(Broadcast message) {
        return new Envelope(new Everybody(), message, null, null);
    }
}
