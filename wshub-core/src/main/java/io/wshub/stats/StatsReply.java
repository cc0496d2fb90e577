package io.wshub.stats;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A snapshot of the server's connections, and the identity the asking connection got at its handshake. Immutable.
 *
 * @param type        always {@code stats}
 * @param id          the request's {@code id}, if it had one
 * @param you         the asking connection's user name
 * @param anonymous   whether that name was made up because the handshake named nobody
 * @param connections open connections, all endpoints together
 * @param users       users with at least one open connection
 * @param groups      groups (rooms, topics) with at least one member
 * @param maxQueued   the longest outbox queue of any connection right now
 * @param dropped     messages feeds have dropped for slow readers, over the open connections' lives
 */
@JsonbPropertyOrder({"type", "id", "you", "anonymous", "connections", "users", "groups", "maxQueued", "dropped"})
public record StatsReply(String type, String id, String you, boolean anonymous, int connections, int users,
                         int groups, int maxQueued, long dropped) {

    public StatsReply(String id, String you, boolean anonymous, int connections, int users, int groups,
                      int maxQueued, long dropped) {
        this("stats", id, you, anonymous, connections, users, groups, maxQueued, dropped);
    }
}
