package io.wshub.presence;

import java.util.List;

/**
 * Who is where: per place (a chat room, the counter), the connections of each user there, on any node. A user is
 * there while at least one of their connections (tabs) is. {@link LocalPresence} keeps it in memory; a cluster
 * store implements the same contract, checked by {@code PresenceContract}.
 * <p>
 * Implementations are thread-safe, and each call is atomic: of concurrent enters and exits of one user in one
 * place, exactly one reports the user's arrival and exactly one their departure, and the {@code version} of the
 * place grows with every change, so the newest of two counts is the one with the higher version.
 * <p>
 * The {@code store} setting chooses the implementation ({@link io.wshub.store.Stores}).
 */
public interface Presence {

    /** One connection of a user, on a node. */
    record Entry(String user, String connection, String node) {
    }

    /**
     * What a change did.
     *
     * @param transition  true if the user arrived (their first connection there) or left (their last)
     * @param users       users there after the change
     * @param connections connections there after the change
     * @param version     the place's version after the change
     */
    record Change(boolean transition, int users, int connections, long version) {
    }

    /** A user who left a place because the connections that were theirs there are gone. */
    record Departure(String place, String user) {
    }

    /** Counts a connection in; entering twice counts once. */
    Change enter(String place, Entry entry);

    /** Counts a connection out; a connection that was not there changes nothing. */
    Change exit(String place, Entry entry);

    /** The users in a place, sorted. */
    List<String> users(String place);

    /** How many users and connections are in a place, and its version. */
    Change count(String place);

    /** Removes every entry of a node (one that died), and returns the users who left a place because of it. */
    List<Departure> removeNode(String node);
}
