package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalMailboxTest extends MailboxContract {

    @Override
    protected Mailbox mailbox() {
        return new LocalMailbox(10_000, 1_000_000, Long.MAX_VALUE, Duration.ofDays(1), Clock.systemUTC());
    }

    @Override
    protected Mailbox closedMailbox() {
        return closed(100);
    }

    private static LocalMailbox closed(int maxKnown) {
        return new LocalMailbox(10_000, 1_000_000, Long.MAX_VALUE, Duration.ofDays(1), Clock.systemUTC(), maxKnown);
    }

    @Test
    void aClosedMailboxForgetsTheLeastRecentlySeenUserPastItsBoundButNotOneWithLettersWaiting() {
        LocalMailbox mailbox = closed(2);
        mailbox.introduce("ann");
        mailbox.introduce("bob");
        mailbox.storeUnlessOnline("ann", letter());
        mailbox.introduce("carol");
        mailbox.introduce("dave");

        assertEquals(Mailbox.Outcome.UNKNOWN_USER, mailbox.storeUnlessOnline("bob", letter()));
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("ann", letter()), "ann's letter waits");
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("dave", letter()));
    }

    private static Mailbox.Letter letter() {
        return new Mailbox.Letter(new ChatEvent.Private("x", "y", "hi", "2026-12-07T12:00:00Z", null), Instant.now());
    }
}
