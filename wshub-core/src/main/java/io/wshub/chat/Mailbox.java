package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;

import java.time.Instant;
import java.util.List;

/**
 * Private messages waiting for a user who is offline, kept in order and bounded, and which users are online: a user
 * is online from the first of their chat connections that {@link #arrive arrived} until the last
 * {@link #depart departed}, on any node. {@link LocalMailbox} keeps them in memory; a cluster store implements the
 * same contract, checked by {@code MailboxContract}. Implementations are thread-safe, and each call is atomic.
 * <p>
 * <b>The protocol that loses and reorders no letter</b>, which {@link ChatService} follows. On a node, a letter's
 * steps run under its recipient's shared lock, and a connection's arrival and departure under the exclusive one, so
 * no connection of the recipient on this node comes or goes while a letter is on its way:
 * <ol>
 * <li>A sender calls {@link #storeUnlessOnline}. If the user is offline, the letter is stored. If online, the
 *     sender publishes it to the user's inbox group. When the publish reached nobody, every connection still online
 *     refused it, which a connection does only once it is closing (its outbox overflowed or its send failed): the
 *     sender {@link #store}s the letter for the user's next connection.</li>
 * <li>An arriving connection first joins the inbox group <em>held</em> (what the group receives is kept back for
 *     it), then calls {@link #arrive}, which marks it online and takes the waiting letters in one step, then hands
 *     those letters to the connection, and only then what was held.</li>
 * <li>A departing connection calls {@link #depart} before it leaves the inbox group.</li>
 * </ol>
 * Every letter is therefore either stored before the arrival (and taken by it), or published after it to a
 * connection already in the group (and delivered after the taken ones); a letter the departing connection no
 * longer receives goes to the next connection, or is stored for it. The held join keeps a letter published from
 * elsewhere during an arrival in its place; the locks alone cover departures, so a cluster's broker must tell a
 * node's departure from the letters published before it.
 * <p>
 * <b>Known users.</b> Where identities are verified ({@code auth} is {@code token} or {@code container}), a
 * mailbox is <em>closed</em>: it keeps letters only for users it knows, those who {@link #arrive arrived} once or were
 * {@link #introduce introduced} by server code, so nobody can fill the store with letters for made-up names. It
 * remembers at least the {@code mailbox-known-users} most recently seen users. An open mailbox keeps letters for any
 * name.
 * <p>
 * The {@code store} setting chooses the implementation ({@link io.wshub.store.Stores}).
 */
public interface Mailbox {

    /** What became of a letter. */
    enum Outcome { ONLINE, STORED, FULL, UNKNOWN_USER }

    /**
     * A waiting private message, kept typed: it is written in the wire format of the connection that takes it.
     */
    record Letter(ChatEvent.Private message, Instant at) {

        /** What a letter counts for beyond its strings: its time and the record around them. */
        static final int OVERHEAD = 64;

        /** What the letter counts for against {@code mailbox-total-bytes}: the characters of its strings, and more. */
        public long chars() {
            return OVERHEAD + (long) message.from().length() + message.to().length() + message.text().length()
                    + message.ts().length() + (message.id() == null ? 0 : message.id().length());
        }
    }

    /**
     * Stores the letter unless the user is online.
     *
     * @return {@code ONLINE} (nothing stored: publish it), {@code STORED}, {@code FULL} (the user's mailbox or
     *         the store is full: nothing stored), or {@code UNKNOWN_USER} (a closed mailbox that does not know the
     *         user: nothing stored)
     */
    Outcome storeUnlessOnline(String user, Letter letter);

    /** Stores the letter, online or not, for a user known or not. @return {@code STORED} or {@code FULL} */
    Outcome store(String user, Letter letter);

    /**
     * Marks a connection of the user online, and the user known, and takes every letter waiting for the user, oldest
     * first, in one step.
     */
    List<Letter> arrive(String user, String connection);

    /** Makes a closed mailbox keep letters for the user from now on, as if they had arrived and departed. */
    void introduce(String user);

    /** Marks a connection of the user no longer online; the user is offline when none is left. */
    void depart(String user, String connection);

    /** Puts letters taken by {@link #arrive} that could not be handed over back, ahead of any waiting. */
    void restore(String user, List<Letter> letters);
}
