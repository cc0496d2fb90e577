package io.wshub.chat;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a user's private letters from slipping between their connections' arrivals and departures on this node:
 * letters to a user are decided and published under the user's shared lock, so many go at once, while a connection
 * of the user arrives or departs under the exclusive one. Users share a fixed set of locks by hash, so the memory is
 * fixed however many users come and go.
 */
final class InboxLocks {

    private static final int STRIPES = 256;

    private final ReadWriteLock[] stripes = new ReadWriteLock[STRIPES];

    InboxLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Runs a letter's delivery to the user, alongside other letters, never during an arrival or departure. */
    <T> T letter(String user, Supplier<T> delivery) {
        return under(stripe(user).readLock(), delivery);
    }

    /** Runs an arrival or departure of one of the user's connections, while no letter to the user is on its way. */
    <T> T transition(String user, Supplier<T> change) {
        return under(stripe(user).writeLock(), change);
    }

    private static <T> T under(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private ReadWriteLock stripe(String user) {
        return stripes[Math.floorMod(user.hashCode(), STRIPES)];
    }
}
