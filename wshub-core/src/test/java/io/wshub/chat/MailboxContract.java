package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;
import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Mailbox} must do; an implementation's test extends this. The mailboxes under test keep at least
 * 10,000 letters per user, for at least a day.
 */
public abstract class MailboxContract {

    /** A fresh, empty, open store. */
    protected abstract Mailbox mailbox();

    /** A fresh, empty, closed store that remembers at least 100 users. */
    protected abstract Mailbox closedMailbox();

    private static Mailbox.Letter letter(String text) {
        return new Mailbox.Letter(new ChatEvent.Private("alice", "bob", text, "2026-12-07T12:00:00Z", null),
                Instant.now());
    }

    private static List<String> texts(List<Mailbox.Letter> letters) {
        return letters.stream().map(letter -> letter.message().text()).toList();
    }

    @Test
    void lettersWaitForAnOfflineUserInOrderAndAreTakenOnArrival() {
        Mailbox mailbox = mailbox();
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("bob", letter("1")));
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("bob", letter("2")));

        assertEquals(List.of("1", "2"), texts(mailbox.arrive("bob", "tab1")));
        assertEquals(List.of(), mailbox.arrive("bob", "tab2"), "taken once");
    }

    @Test
    void aUserIsOnlineFromTheFirstArrivalToTheLastDeparture() {
        Mailbox mailbox = mailbox();
        mailbox.arrive("bob", "tab1");
        mailbox.arrive("bob", "tab2");
        assertEquals(Mailbox.Outcome.ONLINE, mailbox.storeUnlessOnline("bob", letter("1")));
        mailbox.depart("bob", "tab1");
        assertEquals(Mailbox.Outcome.ONLINE, mailbox.storeUnlessOnline("bob", letter("2")));
        mailbox.depart("bob", "tab2");
        mailbox.depart("bob", "tab2");
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("bob", letter("3")));
        assertEquals(Mailbox.Outcome.STORED, mailbox.store("bob", letter("4")));
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("carol", letter("x")), "carol never arrived");

        assertEquals(List.of("3", "4"), texts(mailbox.arrive("bob", "tab3")));
    }

    @Test
    void aClosedMailboxKeepsLettersOnlyForUsersWhoArrivedOrWereIntroduced() {
        Mailbox mailbox = closedMailbox();
        assertEquals(Mailbox.Outcome.UNKNOWN_USER, mailbox.storeUnlessOnline("bob", letter("1")));
        mailbox.arrive("bob", "tab1");
        mailbox.depart("bob", "tab1");
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("bob", letter("2")));
        assertEquals(Mailbox.Outcome.UNKNOWN_USER, mailbox.storeUnlessOnline("carol", letter("3")));
        mailbox.introduce("carol");
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("carol", letter("4")));

        assertEquals(List.of("2"), texts(mailbox.arrive("bob", "tab2")), "nothing kept from before bob was known");
        assertEquals(List.of("4"), texts(mailbox.arrive("carol", "tab1")));
    }

    @Test
    void aClosedMailboxRemembersAUserAfterTheirLettersWereTaken() {
        Mailbox mailbox = closedMailbox();
        mailbox.introduce("bob");
        mailbox.storeUnlessOnline("bob", letter("1"));
        mailbox.arrive("bob", "tab1");
        mailbox.depart("bob", "tab1");
        assertEquals(Mailbox.Outcome.STORED, mailbox.storeUnlessOnline("bob", letter("2")));
    }

    @Test
    void storeKeepsALetterForAUserWhoIsOnline() {
        Mailbox mailbox = mailbox();
        mailbox.arrive("bob", "tab1");
        assertEquals(Mailbox.Outcome.STORED, mailbox.store("bob", letter("missed")));
        mailbox.depart("bob", "tab1");
        assertEquals(List.of("missed"), texts(mailbox.arrive("bob", "tab2")));
    }

    @Test
    void restoredLettersComeBackAheadOfNewerOnes() {
        Mailbox mailbox = mailbox();
        mailbox.storeUnlessOnline("bob", letter("1"));
        mailbox.storeUnlessOnline("bob", letter("2"));
        List<Mailbox.Letter> taken = mailbox.arrive("bob", "tab1");
        mailbox.depart("bob", "tab1");
        mailbox.storeUnlessOnline("bob", letter("3"));
        mailbox.restore("bob", taken.subList(1, 2));

        assertEquals(List.of("2", "3"), texts(mailbox.arrive("bob", "tab2")));
    }

    /**
     * The race of the protocol: senders store while the user arrives. Every letter is either taken by the arrival or
     * answered {@code ONLINE} (and would be published to a connection already in the inbox group), never both,
     * never neither; and what the arrival takes is in each sender's order.
     */
    @Test
    void aLetterRacingTheArrivalIsEitherTakenByItOrAnsweredOnline() throws Exception {
        Mailbox mailbox = mailbox();
        for (int round = 0; round < 50; round++) {
            String user = "u" + round;
            List<Mailbox.Letter> taken = new ArrayList<>();
            List<String> online = Concurrently.run(5, thread -> {
                List<String> answeredOnline = new ArrayList<>();
                if (thread == 0) {
                    taken.addAll(mailbox.arrive(user, "tab"));
                    return answeredOnline;
                }
                for (int i = 0; i < 200; i++) {
                    String json = thread + ":" + i;
                    Mailbox.Outcome outcome = mailbox.storeUnlessOnline(user, letter(json));
                    assertTrue(outcome != Mailbox.Outcome.FULL);
                    if (outcome == Mailbox.Outcome.ONLINE) {
                        answeredOnline.add(json);
                    }
                }
                return answeredOnline;
            });
            Set<String> all = new HashSet<>(online);
            texts(taken).forEach(json -> assertTrue(all.add(json), "taken and answered online: " + json));
            assertEquals(800, all.size(), "every letter is accounted for once");
            for (int sender = 1; sender < 5; sender++) {
                String prefix = sender + ":";
                List<Integer> order = texts(taken).stream().filter(json -> json.startsWith(prefix))
                        .map(json -> Integer.parseInt(json.substring(prefix.length()))).toList();
                assertEquals(order.stream().sorted().toList(), order);
            }
        }
    }
}
