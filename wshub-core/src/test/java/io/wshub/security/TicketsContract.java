package io.wshub.security;

import io.wshub.testing.Concurrently;
import io.wshub.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link Tickets} store must do; an implementation's test extends this. The stores under test hold at
 * least 1 Mi characters of identities.
 */
public abstract class TicketsContract {

    protected final MutableClock clock = new MutableClock();

    /** A fresh, empty store on {@link #clock}. */
    protected abstract Tickets tickets();

    private static final Identity ALICE = new Identity("alice", false, Instant.parse("2030-01-01T00:00:00Z"),
            Map.of("rooms", "lobby,team-*"));

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    @Test
    void aTicketIsTakenOnceWithItsIdentity() {
        Tickets tickets = tickets();
        assertEquals(Tickets.Kept.KEPT, tickets.keep("t1", ALICE, in(Duration.ofSeconds(30)), 16));

        assertEquals(Optional.of(ALICE), tickets.take("t1"));
        assertEquals(Optional.empty(), tickets.take("t1"));
        assertEquals(Optional.empty(), tickets.take("never-sold"));
    }

    @Test
    void anExpiredTicketIsTakenAsNothing() {
        Tickets tickets = tickets();
        tickets.keep("t1", ALICE, in(Duration.ofSeconds(30)), 16);
        tickets.keep("t2", ALICE, in(Duration.ofSeconds(30)), 16);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of(ALICE), tickets.take("t1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), tickets.take("t2"));
    }

    @Test
    void aUserHoldsAtMostTheirLimitOfUnusedTicketsAndATakenOrExpiredOneFreesItsPlace() {
        Tickets tickets = tickets();
        Identity bob = new Identity("bob", false);
        for (int i = 0; i < 3; i++) {
            assertEquals(Tickets.Kept.KEPT, tickets.keep("a" + i, ALICE, in(Duration.ofSeconds(30)), 3));
        }
        assertEquals(Tickets.Kept.USER_FULL, tickets.keep("a3", ALICE, in(Duration.ofSeconds(30)), 3));
        assertEquals(Tickets.Kept.KEPT, tickets.keep("b0", bob, in(Duration.ofSeconds(30)), 3), "bob is not alice");

        tickets.take("a0");
        assertEquals(Tickets.Kept.KEPT, tickets.keep("a4", ALICE, in(Duration.ofSeconds(30)), 3));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Tickets.Kept.KEPT, tickets.keep("a5", ALICE, in(Duration.ofSeconds(30)), 3));
        assertEquals(Optional.empty(), tickets.take("a3"), "refused, so never kept");
    }

    @Test
    void aTicketRedeemedFromManyThreadsAtOnceIsRedeemedOnce() throws Exception {
        Tickets tickets = tickets();
        for (int round = 0; round < 50; round++) {
            tickets.keep("t" + round, ALICE, in(Duration.ofSeconds(30)), 100);
        }
        List<Integer> taken = Concurrently.run(4, thread -> {
            int mine = 0;
            for (int round = 0; round < 50; round++) {
                mine += tickets.take("t" + round).isPresent() ? 1 : 0;
            }
            return List.of(mine);
        });

        assertEquals(50, taken.stream().mapToInt(Integer::intValue).sum());
    }
}
