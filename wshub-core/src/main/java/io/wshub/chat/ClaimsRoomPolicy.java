package io.wshub.chat;

import io.wshub.security.Claims;
import io.wshub.security.Identity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The default {@link RoomPolicy}: an identity with a {@code rooms} claim (a token's) may join, post in and read the
 * rooms it names or matches ({@code team-*}), and no other; an identity without one (no token, or a token that does
 * not restrict rooms) may use every room. Thread-safe: stateless.
 */
@ApplicationScoped
public class ClaimsRoomPolicy implements RoomPolicy {

    @Override
    public boolean allows(Identity identity, String room, Action action) {
        String rooms = identity.claims().get(Claims.ROOMS);
        return rooms == null || Claims.allows(rooms, room);
    }
}
