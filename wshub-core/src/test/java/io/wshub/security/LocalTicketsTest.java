package io.wshub.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalTicketsTest extends TicketsContract {

    @Override
    protected Tickets tickets() {
        return new LocalTickets(1024 * 1024, clock);
    }

    @Test
    void theStoreHoldsAtMostItsBoundInCharactersAndGivesItBackAsTicketsGo() {
        Identity big = new Identity("big", false, null, Map.of("rooms", "r".repeat(200)));
        long each = "t00".length() + big.chars();
        LocalTickets tickets = new LocalTickets(each * 10, clock);
        for (int i = 0; i < 10; i++) {
            assertEquals(Tickets.Kept.KEPT, tickets.keep("t%02d".formatted(i), big,
                    clock.instant().plusSeconds(30), 100));
        }
        assertEquals(Tickets.Kept.FULL, tickets.keep("t10", big, clock.instant().plusSeconds(30), 100));
        assertEquals(each * 10, tickets.chars());

        tickets.take("t00");
        assertEquals(Tickets.Kept.KEPT, tickets.keep("t10", big, clock.instant().plusSeconds(30), 100));
        clock.advance(Duration.ofSeconds(30));
        tickets.sweep();
        assertEquals(0, tickets.chars());
    }
}
