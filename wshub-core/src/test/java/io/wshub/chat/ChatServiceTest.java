package io.wshub.chat;

import io.wshub.chat.message.ChatCommand;
import io.wshub.security.Claims;
import io.wshub.security.Identity;
import io.wshub.session.Connection;
import io.wshub.session.ConnectionEvent;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.Concurrently;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatServiceTest {

    private static final int HISTORY = 5;
    private static final int MAILBOX = 3;

    private final MutableClock clock = new MutableClock();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle(events::add);
    private final LocalNode node = new LocalNode(clock, lifecycle);
    private final SessionRegistry registry = node.registry;
    private final ChatService chat = node.chat(history(), MAILBOX,
            new ChatService.Limits(20, 3, HISTORY, MAILBOX, 1000, 1000, Duration.ofDays(1)));
    private final AtomicInteger ids = new AtomicInteger();

    /** A member and what it received. */
    private record Client(ChatMember member, RecordingTransport received) {
        List<JsonObject> drain() {
            return received.drain();
        }

        List<JsonObject> drain(String type) {
            return received.drain(type);
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void everyMemberSeesEveryMessageWithTheSameSeqsAndTheRealSender() {
        Client alice = open("alice", "lobby");
        Client bob = open("bob", "lobby");

        say(alice, "lobby", "hi", "a1");
        say(bob, "lobby", "hello", null);

        for (Client member : List.of(alice, bob)) {
            List<JsonObject> messages = member.drain("message");
            assertEquals(List.of(1, 2), messages.stream().map(m -> m.getInt("seq")).toList());
            assertEquals(List.of("alice", "bob"), messages.stream().map(m -> m.getString("from")).toList());
            assertEquals("a1", messages.get(0).getString("id"));
        }
    }

    @Test
    void historyKeepsTheNewestMessagesAndResumeSaysWhenSomeAreGone() {
        Client writer = open("writer", "r");
        for (int i = 1; i <= 8; i++) {
            say(writer, "r", "m" + i, null);
        }
        Client late = open("late", "r");
        late.drain();

        chat.handle(late.member(), new ChatCommand.Resume("q", "r", 4L, null));
        List<JsonObject> replay = late.drain();
        assertEquals("resumed", replay.get(0).getString("type"));
        assertTrue(replay.get(0).getBoolean("recovered"));
        assertEquals(List.of(5, 6, 7, 8), seqs(replay));
        assertEquals("ack", replay.get(replay.size() - 1).getString("type"));

        chat.handle(late.member(), new ChatCommand.Resume(null, "r", 1L, null));
        replay = late.drain();
        assertFalse(replay.get(0).getBoolean("recovered"));
        assertEquals(List.of(4, 5, 6, 7, 8), seqs(replay));
    }

    @Test
    void historyForgetsMessagesOlderThanItsAge() {
        Client writer = open("writer", "r");
        say(writer, "r", "old", null);
        clock.advance(Duration.ofMinutes(61));
        say(writer, "r", "new", null);
        Client late = open("late", "r");
        late.drain();

        chat.handle(late.member(), new ChatCommand.Resume(null, "r", 0L, null));

        List<JsonObject> replay = late.drain();
        assertFalse(replay.get(0).getBoolean("recovered"));
        assertEquals(List.of(2), seqs(replay));
    }

    @Test
    void resumeReplaysOnlyWhatWasNotDeliveredLive() {
        Client writer = open("writer", "r");
        say(writer, "r", "before 1", null);
        say(writer, "r", "before 2", null);
        Client reader = open("reader", "r");
        say(writer, "r", "after join", null);
        assertEquals(List.of(3), seqs(reader.drain("message")));

        chat.handle(reader.member(), new ChatCommand.Resume(null, "r", 0L, null));

        List<JsonObject> replay = reader.drain();
        assertTrue(replay.get(0).getBoolean("recovered"));
        assertEquals(List.of(1, 2), seqs(replay));
    }

    @Test
    void aResentIdIsAckedWithItsFirstSeqAndNotDeliveredAgain() {
        Client alice = open("alice", "r");
        Client bob = open("bob", "r");
        say(alice, "r", "once", "x1");
        say(bob, "r", "same id, bob", "x1");

        say(alice, "r", "once", "x1");

        assertEquals(List.of(1, 2), seqs(bob.drain("message")));
        List<JsonObject> acks = alice.drain("ack");
        assertEquals(List.of(1, 1), acks.stream().map(a -> a.getInt("seq")).toList());
    }

    /** Before, the reused id was acked with the old seq and the new text silently dropped. */
    @Test
    void anIdReusedForAnotherTextIsRefusedWithIdReusedAndNothingIsPosted() {
        Client alice = open("alice", "r");
        Client bob = open("bob", "r");
        say(alice, "r", "first", "x1");

        say(alice, "r", "something else", "x1");

        assertEquals(List.of("first"), bob.drain("message").stream().map(m -> m.getString("text")).toList());
        List<JsonObject> answers = alice.drain();
        JsonObject error = answers.stream().filter(m -> m.getString("type").equals("error")).findFirst().orElseThrow();
        assertEquals("id-reused", error.getString("code"));
        assertEquals("x1", error.getString("id"));
        assertEquals(1, answers.stream().filter(m -> m.getString("type").equals("ack")).count());
    }

    /** Before, the same whisper id sent three times was stored, and delivered, three times. */
    @Test
    void aResentWhisperIsAnsweredAsTheFirstAndNeitherStoredNorDeliveredAgain() {
        Client alice = openPrivate("alice");
        Client aliceTab = openPrivate("alice");
        for (int i = 0; i < 3; i++) {
            whisper(alice, "bob", "psst", "w1");
        }
        List<JsonObject> acks = alice.drain("ack");
        assertEquals(List.of("stored", "stored", "stored"), acks.stream().map(a -> a.getString("status")).toList());
        assertEquals(1, aliceTab.drain("private").size(), "the sender's other tab sees it once");

        Client bob = openPrivate("bob");
        assertEquals(1, bob.drain("private").size());
        whisper(alice, "bob", "psst", "w1");
        assertEquals(List.of(), bob.drain("private"), "a resend after delivery is not delivered again");
        assertEquals("stored", alice.drain("ack").get(0).getString("status"));

        whisper(alice, "bob", "other text", "w1");
        JsonObject error = alice.drain("error").get(0);
        assertEquals("id-reused", error.getString("code"));
        whisper(alice, "carol", "psst", "w1");
        assertEquals("id-reused", alice.drain("error").get(0).getString("code"), "same id, another recipient");
        assertEquals(List.of(), bob.drain("private"));

        whisper(alice, "bob", "live", "w2");
        assertEquals(List.of("live"), bob.drain("private").stream().map(m -> m.getString("text")).toList());
        assertEquals("delivered", alice.drain("ack").get(0).getString("status"));
    }

    @Test
    void aWhisperIdIsForgottenAfterTheResendWindow() {
        Client alice = openPrivate("alice");
        Client bob = openPrivate("bob");
        whisper(alice, "bob", "once", "w1");
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        whisper(alice, "bob", "once", "w1");

        assertEquals(2, bob.drain("private").size());
    }

    @Test
    void aUserWithTwoTabsJoinsOnceAndLeavesWithTheLastTab() {
        Client watcher = open("watcher", "r");
        Client tab1 = open("alice", "r");
        Client tab2 = open("alice", "r");

        assertEquals(List.of("joined:alice"), memberships(watcher));
        assertEquals(List.of("alice", "watcher"), strings(tab2.drain("presence").get(0), "users"));

        close(tab1);
        assertEquals(List.of(), memberships(watcher));
        close(tab2);
        assertEquals(List.of("left:alice"), memberships(watcher));
    }

    @Test
    void aConnectionTheRegistryDroppedStillLeavesItsRoomsWhenItCloses() {
        Client watcher = open("watcher", "r");
        Client dropped = open("alice", "r");
        assertEquals(List.of("joined:alice"), memberships(watcher));

        // what a failed send or an overflow does before the container reports the close
        registry.remove(dropped.member().connection());
        close(dropped);

        assertEquals(List.of("left:alice"), memberships(watcher));
        Client next = open("bob", "r");
        assertEquals(List.of("bob", "watcher"), strings(next.drain("presence").get(0), "users"));
    }

    @Test
    void connectionsAndRoomMembershipsAreAnnouncedAsLifecycleEvents() {
        Client alice = open("alice", "a");
        chat.handle(alice.member(), new ChatCommand.Join(null, "b"));
        chat.handle(alice.member(), new ChatCommand.Leave(null, "b"));
        close(alice);

        String id = alice.member().connection().id();
        assertEquals(List.of(new ConnectionEvent.Opened(id, "alice"), new ConnectionEvent.JoinedRoom(id, "alice", "a"),
                new ConnectionEvent.JoinedRoom(id, "alice", "b"), new ConnectionEvent.LeftRoom(id, "alice", "b"),
                new ConnectionEvent.LeftRoom(id, "alice", "a"), new ConnectionEvent.Closed(id, "alice")), events);
    }

    @Test
    void joinLeaveAndRoomsFollowTheConnectionsRooms() {
        Client alice = open("alice", "a");
        chat.handle(alice.member(), new ChatCommand.Join("j", "b"));
        chat.handle(alice.member(), new ChatCommand.Rooms("r1"));
        chat.handle(alice.member(), new ChatCommand.Leave("l", "a"));
        chat.handle(alice.member(), new ChatCommand.Rooms(null));

        List<JsonObject> rooms = alice.drain("rooms");
        assertEquals(List.of("a", "b"), strings(rooms.get(0), "rooms"));
        assertEquals(List.of("b"), strings(rooms.get(1), "rooms"));
        say(alice, "a", "gone", "s");
        assertEquals("not-in-room", alice.drain("error").get(0).getString("code"));
    }

    @Test
    void badCommandsGetTheirErrorCodes() {
        Client alice = open("alice", "a");
        alice.drain();

        say(alice, "a", "x".repeat(21), "1");
        chat.handle(alice.member(), new ChatCommand.Join("2", "no spaces"));
        chat.handle(alice.member(), new ChatCommand.Join("3", "b"));
        chat.handle(alice.member(), new ChatCommand.Join("4", "c"));
        chat.handle(alice.member(), new ChatCommand.Join("5", "d"));
        chat.handle(alice.member(), new ChatCommand.Whisper("6", "bad\tname", "hi"));
        chat.handle(alice.member(), new ChatCommand.Resume("7", "a", -1L, null));
        say(alice, "a", "", "8");

        List<JsonObject> errors = alice.drain("error");
        assertEquals(List.of("1:too-long", "2:invalid-room", "5:too-many-rooms", "6:invalid-user", "7:bad-request",
                "8:bad-request"), errors.stream().map(e -> e.getString("id") + ":" + e.getString("code")).toList());
    }

    @Test
    void aTextIsMeasuredInCharactersNotUtf16Units() {
        Client alice = open("alice", "a");
        alice.drain();

        say(alice, "a", "🌍".repeat(20), "emoji");

        assertEquals(List.of(), alice.drain("error"));
    }

    @Test
    void privateMessagesReachEveryConnectionOfTheRecipientAndTheSendersOtherOnesOnly() {
        Client alice1 = open("alice", "r");
        Client alice2 = openPrivate("alice");
        Client bob1 = open("bob", "r");
        Client bob2 = openPrivate("bob");
        Client carol = open("carol", "r");

        chat.handle(alice1.member(), new ChatCommand.Whisper("w1", "bob", "psst"));

        assertEquals(1, bob1.drain("private").size());
        assertEquals(1, bob2.drain("private").size());
        assertEquals(1, alice2.drain("private").size());
        assertEquals(List.of(), carol.drain("private"));
        List<JsonObject> toSender = alice1.drain();
        assertEquals(0, toSender.stream().filter(m -> m.getString("type").equals("private")).count());
        assertEquals("delivered", toSender.stream().filter(m -> m.getString("type").equals("ack")).findFirst()
                .orElseThrow().getString("status"));
    }

    @Test
    void privateMessagesWaitForAnOfflineUserInOrderUpToTheMailboxSize() {
        Client alice = openPrivate("alice");
        for (int i = 1; i <= 4; i++) {
            chat.handle(alice.member(), new ChatCommand.Whisper("w" + i, "dave", "note " + i));
        }
        List<JsonObject> answers = alice.drain();
        assertEquals(List.of("stored", "stored", "stored"),
                answers.stream().filter(m -> m.getString("type").equals("ack")).map(m -> m.getString("status")).toList());
        assertEquals("mailbox-full", answers.stream().filter(m -> m.getString("type").equals("error")).findFirst()
                .orElseThrow().getString("code"));

        Client dave = openPrivate("dave");
        assertEquals(List.of("note 1", "note 2", "note 3"),
                dave.drain("private").stream().map(m -> m.getString("text")).toList());

        chat.handle(alice.member(), new ChatCommand.Whisper("w5", "dave", "live"));
        assertEquals("delivered", alice.drain("ack").get(0).getString("status"));
        Client daveAgain = openPrivate("dave");
        assertEquals(List.of(), daveAgain.drain("private"));
    }

    @Test
    void withVerifiedIdentitiesAWhisperToSomebodyWhoNeverConnectedIsRefusedAndKeptNowhere() {
        ChatService verified = node.chat(history(), closedMailbox(), new ChatService.Limits(20, 3, HISTORY, MAILBOX,
                1000, 1000, Duration.ofDays(1)));
        RecordingTransport aliceTab = new RecordingTransport();
        Client alice = new Client(verified.open(connection("alice", aliceTab), null), aliceTab);

        verified.handle(alice.member(), new ChatCommand.Whisper("w1", "mallory-made-up", "hello?"));
        JsonObject error = alice.drain("error").get(0);
        assertEquals("unknown-user", error.getString("code"));
        assertEquals("w1", error.getString("id"));

        verified.handle(alice.member(), new ChatCommand.Whisper("w1", "mallory-made-up", "hello?"));
        assertEquals("unknown-user", alice.drain("error").get(0).getString("code"), "a refusal is not remembered");

        ChatMember bob = verified.open(connection("bob", new RecordingTransport()), null);
        verified.close(bob);
        verified.handle(alice.member(), new ChatCommand.Whisper("w2", "bob", "see you"));
        assertEquals("stored", alice.drain("ack").get(0).getString("status"));

        RecordingTransport later = new RecordingTransport();
        verified.open(connection("mallory-made-up", later), null);
        assertEquals(List.of(), later.drain("private"), "the refused message was kept nowhere");
    }

    @Test
    void serverCodeMakesAMailboxForAUserWhoNeverConnected() {
        ChatService verified = node.chat(history(), closedMailbox(), new ChatService.Limits(20, 3, HISTORY, MAILBOX,
                1000, 1000, Duration.ofDays(1)));
        RecordingTransport billingTab = new RecordingTransport();
        verified.open(connection("billing", billingTab), null);

        assertEquals(Mailbox.Outcome.STORED, verified.letter("billing", "dave", "invoice paid"));
        assertEquals(1, billingTab.drain("private").size(), "the sender's chat connections get a copy");

        RecordingTransport dave = new RecordingTransport();
        verified.open(connection("dave", dave), null);
        JsonObject letter = dave.drain("private").get(0);
        assertEquals("billing", letter.getString("from"));
        assertEquals("invoice paid", letter.getString("text"));
        assertEquals(Mailbox.Outcome.ONLINE, verified.letter("billing", "dave", "again"));
        assertEquals(1, dave.drain("private").size());
    }

    @Test
    void serverCodeCannotSendAPrivateMessageThatNoClientCouldReceive() {
        for (String[] bad : List.of(new String[] {"", "dave", "x"}, new String[] {"billing", null, "x"},
                new String[] {"billing", "dave", ""}, new String[] {"billing", "dave", "x".repeat(21)},
                new String[] {"billing", "dave", "broken \uD800 surrogate"})) {
            assertThrows(IllegalArgumentException.class, () -> chat.letter(bad[0], bad[1], bad[2]),
                    String.join("|", java.util.Arrays.asList(bad)));
        }
        assertEquals(List.of(), openPrivate("dave").drain("private"));
    }

    private Mailbox closedMailbox() {
        return new LocalMailbox(MAILBOX, 1_000, Long.MAX_VALUE, Duration.ofDays(7), clock, 1_000);
    }

    @Test
    void waitingPrivateMessagesExpire() {
        Client alice = openPrivate("alice");
        chat.handle(alice.member(), new ChatCommand.Whisper(null, "dave", "too old"));
        clock.advance(Duration.ofDays(8));

        assertEquals(List.of(), openPrivate("dave").drain("private"));
    }

    /**
     * The race of {@link Mailbox}'s protocol: four senders whisper to bob while bob's tabs come and go, one after the
     * other. Every letter reaches bob once (live, or from the mailbox when the next tab arrives), each sender's in the
     * order sent. Repeated because a lost race shows only now and then.
     */
    @RepeatedTest(10)
    void aWhisperRacingTheRecipientsTabsIsNeitherLostNorReordered() throws Exception {
        ChatService roomy = node.chat(history(), new LocalMailbox(10_000, 10_000, Long.MAX_VALUE, Duration.ofDays(7),
                        clock), new ChatService.Limits(20, 3, HISTORY, 10_000, 1000, 1000, Duration.ofDays(1)));
        List<RecordingTransport> tabs = new CopyOnWriteArrayList<>();
        List<Client> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingTransport transport = new RecordingTransport();
            senders.add(new Client(roomy.open(connection("sender" + i, transport, roomy.outboxCapacity(100)), null),
                    transport));
        }
        AtomicInteger sending = new AtomicInteger(4);
        Concurrently.run(5, thread -> {
            if (thread == 4) {
                while (sending.get() > 0) {
                    RecordingTransport transport = new RecordingTransport();
                    tabs.add(transport);
                    ChatMember tab = roomy.open(connection("bob", transport, roomy.outboxCapacity(100)), null);
                    Thread.onSpinWait();
                    roomy.close(tab);
                    registry.remove(tab.connection());
                }
                return List.of();
            }
            for (int i = 0; i < 500; i++) {
                roomy.handle(senders.get(thread).member(), new ChatCommand.Whisper(null, "bob", thread + ":" + i));
            }
            sending.decrementAndGet();
            return List.of();
        });
        RecordingTransport last = new RecordingTransport();
        tabs.add(last);
        roomy.open(connection("bob", last, roomy.outboxCapacity(100)), null);

        // the tabs followed one another, so what they received together is what bob received, in order
        List<String> received = new ArrayList<>();
        for (RecordingTransport tab : tabs) {
            assertEquals(List.of(), tab.closes(), "no tab was too slow");
            tab.drain("private").forEach(message -> received.add(message.getString("text")));
        }
        for (int sender = 0; sender < 4; sender++) {
            String prefix = sender + ":";
            List<Integer> order = received.stream().filter(text -> text.startsWith(prefix))
                    .map(text -> Integer.parseInt(text.substring(prefix.length()))).toList();
            for (int i = 1; i < order.size(); i++) {
                assertTrue(order.get(i - 1) < order.get(i), "from " + prefix + " " + order.get(i - 1)
                        + " came before " + order.get(i));
            }
        }
        for (Client sender : senders) {
            assertEquals(List.of(), sender.drain("error"));
        }
        assertEquals(2_000, new HashSet<>(received).size());
        assertEquals(2_000, received.size(), "each letter once");
    }

    @Test
    void aFloodIsRefusedBeyondTheBurstAndTheRateRefills() {
        ChatService strict = node.chat(history(), MAILBOX,
                new ChatService.Limits(20, 3, HISTORY, MAILBOX, 2, 3, Duration.ofDays(1)));
        RecordingTransport transport = new RecordingTransport();
        ChatMember flooder = strict.open(connection("flooder", transport), "r");
        transport.drain();

        for (int i = 1; i <= 5; i++) {
            strict.handle(flooder, new ChatCommand.Say("f" + i, "r", "spam"));
        }
        clock.advance(Duration.ofMillis(500));
        strict.handle(flooder, new ChatCommand.Say("f6", "r", "later"));

        List<JsonObject> answers = transport.drain();
        assertEquals(List.of(1, 2, 3, 4), seqs(answers));
        assertEquals(List.of("f4", "f5"), answers.stream().filter(m -> m.getString("type").equals("error"))
                .peek(m -> assertEquals("rate-limited", m.getString("code"))).map(m -> m.getString("id")).toList());
    }

    @Test
    void anInvalidRoomInTheUrlIsAnsweredAndClosedWith1008() {
        RecordingTransport transport = new RecordingTransport();
        chat.open(connection("alice", transport), "bad room");

        assertEquals("invalid-room", transport.drain("error").get(0).getString("code"));
        assertEquals(1008, transport.closes().get(0).code());
    }

    /** A token's rooms claim: a room outside it cannot be joined, posted in or resumed, and nothing changes. */
    @Test
    void aRoomOutsideTheIdentitysRoomsClaimIsForbiddenAndNothingChanges() {
        Client member = open("member", "secret");
        member.drain();
        RecordingTransport transport = new RecordingTransport();
        Connection limited = registry.connect("c" + ids.incrementAndGet(), new Identity("eve", false, null,
                Map.of(Claims.ROOMS, "lobby,team-*")), TestJson.RAW, transport, OverflowPolicy.CLOSE, 100);
        Client eve = new Client(chat.open(limited, "lobby"), transport);
        eve.drain();

        chat.handle(eve.member(), new ChatCommand.Join("j1", "secret"));
        say(eve, "secret", "let me in", "s1");
        chat.handle(eve.member(), new ChatCommand.Resume("r1", "secret", 0L, null));
        List<JsonObject> answers = eve.drain();
        assertEquals(List.of("j1:forbidden", "s1:not-in-room", "r1:not-in-room"), answers.stream()
                .map(m -> m.getString("id") + ":" + m.getString("code")).toList());
        assertEquals(List.of("lobby"), eve.member().rooms());
        assertEquals(List.of(), member.drain(), "the room's member heard of nobody");

        chat.handle(eve.member(), new ChatCommand.Join("j2", "team-red"));
        assertEquals("ack", eve.drain().get(1).getString("type"));
        assertEquals(List.of("lobby", "team-red"), eve.member().rooms().stream().sorted().toList());

        RecordingTransport elsewhere = new RecordingTransport();
        chat.open(registry.connect("c" + ids.incrementAndGet(), new Identity("eve", false, null,
                Map.of(Claims.ROOMS, "lobby")), TestJson.RAW, elsewhere, OverflowPolicy.CLOSE, 100), "secret");
        assertEquals("forbidden", elsewhere.drain("error").get(0).getString("code"));
        assertEquals(1008, elsewhere.closes().get(0).code());
        assertEquals(List.of(), member.drain());
    }

    /** An application's policy may tell posting from joining: here everybody reads, only "mod" posts. */
    @Test
    void anApplicationsPolicyDecidesPerAction() {
        ChatService moderated = node.chat(history(), MAILBOX, new ChatService.Limits(20, 3, HISTORY, MAILBOX, 1000,
                1000, Duration.ofDays(1)), (identity, room, action) -> action != RoomPolicy.Action.POST
                || identity.user().equals("mod"));
        RecordingTransport reader = new RecordingTransport();
        ChatMember member = moderated.open(connection("reader", reader), "news");
        moderated.handle(member, new ChatCommand.Say("p1", "news", "hello"));

        assertEquals("forbidden", reader.drain("error").get(0).getString("code"));
        RecordingTransport mod = new RecordingTransport();
        moderated.handle(moderated.open(connection("mod", mod), "news"), new ChatCommand.Say("p2", "news", "hi"));
        assertEquals("hi", reader.drain("message").get(0).getString("text"));
    }

    private LocalRoomLogs history() {
        return node.roomLogs(HISTORY, 1_000, 1_000_000);
    }

    private Client open(String user, String room) {
        RecordingTransport transport = new RecordingTransport();
        return new Client(chat.open(connection(user, transport), room), transport);
    }

    private Client openPrivate(String user) {
        return open(user, null);
    }

    private Connection connection(String user, RecordingTransport transport) {
        return connection(user, transport, 100);
    }

    private Connection connection(String user, RecordingTransport transport, int capacity) {
        return registry.connect("c" + ids.incrementAndGet(), new Identity(user, false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, capacity);
    }

    private void close(Client client) {
        chat.close(client.member());
        registry.remove(client.member().connection());
    }

    private void say(Client client, String room, String text, String id) {
        chat.handle(client.member(), new ChatCommand.Say(id, room, text));
    }

    private void whisper(Client client, String to, String text, String id) {
        chat.handle(client.member(), new ChatCommand.Whisper(id, to, text));
    }

    private static List<Integer> seqs(List<JsonObject> messages) {
        return messages.stream().filter(m -> m.getString("type").equals("message")).map(m -> m.getInt("seq")).toList();
    }

    private static List<String> memberships(Client client) {
        return client.drain().stream()
                .filter(m -> m.getString("type").equals("joined") || m.getString("type").equals("left"))
                .map(m -> m.getString("type") + ":" + m.getString("user"))
                .toList();
    }

    private static List<String> strings(JsonObject message, String field) {
        return message.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
