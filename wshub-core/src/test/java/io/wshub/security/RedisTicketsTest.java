package io.wshub.security;

import io.wshub.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisTicketsTest extends TicketsContract {

    @RegisterExtension
    static final RedisServer.Extension REDIS = new RedisServer.Extension();

    @Override
    protected Tickets tickets() {
        return new RedisTickets(REDIS.server().fresh(), 1024 * 1024, clock);
    }

    @Test
    void aTicketKeptThroughOneNodeIsTakenOnceThroughAnotherWithItsWholeIdentity() {
        Tickets nodeA = tickets();
        Tickets nodeB = new RedisTickets(REDIS.server().anotherNode(), 1024 * 1024, clock);
        Identity carol = new Identity("carol | ünïcode", false, Instant.parse("2030-01-01T00:00:00Z"),
                Map.of(Claims.ROOMS, "lobby,team-*", Claims.ADMIN, "true"));
        Identity anonymous = new Identity("guest-1", true);

        nodeA.keep("t1", carol, clock.instant().plusSeconds(30), 16);
        nodeA.keep("t2", anonymous, clock.instant().plusSeconds(30), 16);

        assertEquals(Optional.of(carol), nodeB.take("t1"));
        assertEquals(Optional.empty(), nodeA.take("t1"));
        assertEquals(Optional.of(anonymous), nodeB.take("t2"));
    }

    @Test
    void theCharactersOfAllTicketsStayWithinTheBoundAndComeBackAsTicketsGo() {
        Identity alice = new Identity("alice", false);
        long each = "t00".length() + alice.chars();
        Tickets tickets = new RedisTickets(REDIS.server().fresh(), each * 3, clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Tickets.Kept.KEPT, tickets.keep("t0" + i, alice, clock.instant().plusSeconds(30), 100));
        }
        assertEquals(Tickets.Kept.FULL, tickets.keep("t03", alice, clock.instant().plusSeconds(30), 100));
        tickets.take("t00");
        assertEquals(Tickets.Kept.KEPT, tickets.keep("t03", alice, clock.instant().plusSeconds(30), 100));
        clock.advance(Duration.ofSeconds(30));
        for (int i = 4; i < 7; i++) {
            assertEquals(Tickets.Kept.KEPT, tickets.keep("t0" + i, alice, clock.instant().plusSeconds(30), 100),
                    "the expired ones were swept");
        }
    }
}
