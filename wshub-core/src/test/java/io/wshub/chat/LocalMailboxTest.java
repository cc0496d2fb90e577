package io.wshub.chat;

import java.time.Clock;
import java.time.Duration;

class LocalMailboxTest extends MailboxContract {

    @Override
    protected Mailbox mailbox() {
        return new LocalMailbox(10_000, 1_000_000, Long.MAX_VALUE, Duration.ofDays(1), Clock.systemUTC());
    }
}
