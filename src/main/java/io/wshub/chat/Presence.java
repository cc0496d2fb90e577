package io.wshub.chat;

import java.util.List;

/**
 * Who is in which room, counting each user once however many connections (tabs) they have there.
 * {@link LocalPresence} counts in memory; a cluster store replaces it by configuration. Implementations are
 * thread-safe, and each call is atomic.
 */
public interface Presence {

    /** Counts one more connection of the user in the room. @return true if it is the user's first there */
    boolean enter(String room, String user);

    /** Counts one connection fewer. @return true if it was the user's last there */
    boolean exit(String room, String user);

    /** The users in the room, sorted. */
    List<String> users(String room);
}
