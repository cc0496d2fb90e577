package io.wshub.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group and private chat over the wire, on every runtime. The runtimes keep 100 messages per room and 20 per
 * mailbox, and take 100 chat commands a second per connection after a burst of 3,500 (arquillian.xml), so a
 * flood is refused whatever the speed of the machine.
 */
class ChatIT extends WshubIT {

    private static final int HISTORY = 100;
    private static final int MAILBOX = 20;
    private static final int BURST = 3_500;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fiveUsersInOneRoomAllSeeEverybodysMessagesInTheSameOrder() {
        String room = name("seed001");
        List<JsonClient> users = new ArrayList<>();
        for (int u = 0; u < 5; u++) {
            users.add(chat(room, name("u" + u)));
        }
        try {
            for (int round = 0; round < 4; round++) {
                for (int u = 0; u < 5; u++) {
                    users.get(u).send("say", "text", "round " + round + " from " + u);
                }
            }
            List<String> reference = null;
            for (JsonClient user : users) {
                List<String> log = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    JsonObject message = user.next("message");
                    assertEquals(i, message.getInt("seq"));
                    assertTrue(message.getString("text").endsWith("from " + message.getString("from")
                            .replace("-" + tag, "").substring(1)), message.toString());
                    log.add(message.getString("from") + ": " + message.getString("text"));
                }
                if (reference == null) {
                    reference = log;
                }
                assertEquals(reference, log);
            }
        } finally {
            users.forEach(JsonClient::close);
        }
    }

    @Test
    void theSenderIsTheHandshakeIdentityWhateverTheMessageSays() {
        String room = name("forged");
        try (JsonClient alice = chat(room, name("alice")); JsonClient bob = chat(room, name("bob"))) {
            alice.send("say", "text", "hi", "from", "mallory", "from_user", "mallory", "user", "mallory");

            JsonObject received = bob.next("message");
            assertEquals(name("alice"), received.getString("from"));
            assertEquals("hi", received.getString("text"));
        }
    }

    @Test
    void joinLeaveAndRoomsWithPresence() {
        String lobby = name("lobby");
        String side = name("side");
        try (JsonClient alice = chat(lobby, name("alice")); JsonClient bob = chat(side, name("bob"))) {
            alice.send("join", "room", side, "id", "j1");
            JsonObject presence = alice.next("presence");
            assertEquals(side, presence.getString("room"));
            assertEquals(List.of(name("alice"), name("bob")), strings(presence, "users"));
            assertEquals("j1", alice.next("ack").getString("id"));
            assertEquals(name("alice"), bob.next("joined").getString("user"));

            alice.send("rooms", "id", "r1");
            JsonObject rooms = alice.next("rooms");
            assertEquals("r1", rooms.getString("id"));
            assertEquals(List.of(lobby, side).stream().sorted().toList(), strings(rooms, "rooms"));

            alice.send("say", "room", side, "text", "in the side room");
            assertEquals("in the side room", bob.next("message").getString("text"));

            alice.send("leave", "room", side, "id", "l1");
            assertEquals("l1", alice.next("ack").getString("id"));
            assertEquals(name("alice"), bob.next("left").getString("user"));
            alice.send("say", "room", side, "text", "gone", "id", "s1");
            JsonObject error = alice.next("error");
            assertEquals("not-in-room", error.getString("code"));
            assertEquals("s1", error.getString("id"));
        }
    }

    @Test
    void aSecondTabDoesNotAnnounceItsUserAgainAndTheLastOneLeaves() {
        String room = name("tabs");
        try (JsonClient watcher = chat(room, name("watcher"))) {
            JsonClient tab1 = chat(room, name("alice"));
            assertEquals(name("alice"), watcher.next("joined").getString("user"));
            JsonClient tab2 = chat(room, name("alice"));
            tab1.close();
            tab2.send("say", "text", "still here");
            assertEquals("still here", watcher.next("message").getString("text"));
            tab2.close();

            JsonObject left = watcher.next();
            assertEquals("left", left.getString("type"), left.toString());
            assertEquals(name("alice"), left.getString("user"));
        }
    }

    @Test
    void aPrivateMessageReachesEveryConnectionOfItsRecipientAndNobodyElse() {
        String room = name("room");
        try (JsonClient alice = chat(room, name("alice"));
             JsonClient aliceElsewhere = privately(name("alice"));
             JsonClient bobInChat = chat(name("other"), name("bob"));
             JsonClient bobPrivate = privately(name("bob"));
             JsonClient carol = chat(room, name("carol"));
             JsonClient dave = privately(name("dave"))) {
            alice.send("whisper", "to", name("bob"), "text", "for bob only", "id", "w1");

            JsonObject ack = alice.next("ack");
            assertEquals("w1", ack.getString("id"));
            assertEquals("delivered", ack.getString("status"));
            for (JsonClient bob : List.of(bobInChat, bobPrivate)) {
                JsonObject received = bob.next("private");
                assertEquals(name("alice"), received.getString("from"));
                assertEquals(name("bob"), received.getString("to"));
                assertEquals("for bob only", received.getString("text"));
            }
            assertEquals("for bob only", aliceElsewhere.next("private").getString("text"));

            // the bystanders' next private message is the one meant for them, so nothing came before it
            bobPrivate.send("whisper", "to", name("carol"), "text", "for carol");
            bobPrivate.send("whisper", "to", name("dave"), "text", "for dave");
            assertEquals("for carol", carol.next("private").getString("text"));
            assertEquals("for dave", dave.next("private").getString("text"));
        }
    }

    @Test
    void privateMessagesForAnOfflineUserAreDeliveredInOrderWhenTheyConnect() {
        try (JsonClient alice = privately(name("alice"))) {
            for (int i = 1; i <= 3; i++) {
                alice.send("whisper", "to", name("erin"), "text", "note " + i, "id", "n" + i);
                assertEquals("stored", alice.next("ack").getString("status"));
            }
            try (JsonClient erin = new JsonClient(connect("ws/chat/" + name("erin-room") + "?user=" + name("erin")))) {
                // what waited comes first, then the room
                for (int i = 1; i <= 3; i++) {
                    JsonObject waiting = erin.next();
                    assertEquals("private", waiting.getString("type"));
                    assertEquals("note " + i, waiting.getString("text"));
                }
                assertEquals("presence", erin.next().getString("type"));
                alice.send("whisper", "to", name("erin"), "text", "live", "id", "n4");
                assertEquals("delivered", alice.next("ack").getString("status"));
                assertEquals("live", erin.next("private").getString("text"));
            }
        }
    }

    @Test
    void resumeAfterADisconnectReplaysExactlyTheMissedMessages() {
        String room = name("resume");
        try (JsonClient alice = chat(room, name("alice"))) {
            long seen;
            try (JsonClient bob = chat(room, name("bob"))) {
                alice.send("say", "text", "seen by bob");
                seen = bob.next("message").getInt("seq");
            }
            for (int i = 1; i <= 3; i++) {
                alice.send("say", "text", "missed " + i);
            }
            // posted, before bob comes back: otherwise they would rightly reach him live, not by resume (alice's own
            // "seen by bob" comes first, and counting three would miss "missed 3")
            String posted;
            do {
                posted = alice.next("message").getString("text");
            } while (!posted.equals("missed 3"));
            try (JsonClient bob = chat(room, name("bob"))) {
                bob.send("resume", "room", room, "after", seen, "id", "res");
                JsonObject resumed = bob.next("resumed");
                assertTrue(resumed.getBoolean("recovered"));
                assertEquals(seen, resumed.getInt("after"));
                for (int i = 1; i <= 3; i++) {
                    JsonObject message = bob.next();
                    assertEquals("message", message.getString("type"));
                    assertEquals(seen + i, message.getInt("seq"));
                    assertEquals("missed " + i, message.getString("text"));
                }
                assertEquals("res", bob.next().getString("id"));

                alice.send("say", "text", "live again");
                JsonObject live = bob.next("message");
                assertEquals(seen + 4, live.getInt("seq"));
            }
        }
    }

    @Test
    void resumeBeyondTheHistorySaysNotRecovered() {
        String room = name("long");
        try (JsonClient alice = chat(room, name("alice"))) {
            int total = HISTORY + 5;
            for (int i = 1; i <= total; i++) {
                alice.send("say", "text", "m" + i);
            }
            for (int i = 1; i <= total; i++) {
                alice.next("message");
            }
            try (JsonClient late = chat(room, name("late"))) {
                late.send("resume", "room", room, "after", 0);
                assertFalse(late.next("resumed").getBoolean("recovered"));
                List<Integer> seqs = new ArrayList<>();
                for (int i = 0; i < HISTORY; i++) {
                    seqs.add(late.next("message").getInt("seq"));
                }
                assertEquals(6, seqs.get(0));
                assertEquals(total, seqs.get(HISTORY - 1));
            }
        }
    }

    @Test
    void aResentIdIsAckedAgainButNotDeliveredTwice() {
        String room = name("dedup");
        try (JsonClient bob = chat(room, name("bob"))) {
            long seq;
            try (JsonClient alice = chat(room, name("alice"))) {
                alice.send("say", "text", "exactly once", "id", "m-1");
                seq = alice.next("ack").getInt("seq");
            }
            try (JsonClient alice = chat(room, name("alice"))) {
                alice.send("say", "text", "exactly once", "id", "m-1");
                assertEquals(seq, alice.next("ack").getInt("seq"));
                alice.send("say", "text", "next", "id", "m-2");
                assertEquals(seq + 1, alice.next("ack").getInt("seq"));
            }
            assertEquals("exactly once", bob.next("message").getString("text"));
            assertEquals("next", bob.next("message").getString("text"));
        }
    }

    @Test
    void everyErrorCodeIsAnsweredAndTheConnectionStaysUsable() {
        String room = name("errors");
        try (JsonClient alice = chat(room, name("alice"))) {
            alice.ws().send("{oops");
            assertEquals("bad-request", alice.next("error").getString("code"));
            alice.send("dance", "id", "e1");
            assertError(alice, "e1", "unknown-type");
            alice.send("say", "room", name("elsewhere"), "text", "x", "id", "e2");
            assertError(alice, "e2", "not-in-room");
            alice.send("say", "text", "x".repeat(4001), "id", "e3");
            assertError(alice, "e3", "too-long");
            alice.send("join", "room", "no spaces allowed", "id", "e4");
            assertError(alice, "e4", "invalid-room");
            alice.send("whisper", "to", "x".repeat(257), "text", "x", "id", "e5");
            assertError(alice, "e5", "invalid-user");
            alice.send("resume", "room", room, "id", "e6");
            assertError(alice, "e6", "bad-request");
            for (int i = 0; i < MAILBOX; i++) {
                alice.send("whisper", "to", name("nobody"), "text", "fill " + i);
            }
            alice.send("whisper", "to", name("nobody"), "text", "one too many", "id", "e7");
            assertError(alice, "e7", "mailbox-full");

            alice.send("say", "text", "x".repeat(4000), "id", "ok");
            assertEquals("ok", alice.next("ack").getString("id"));
        }
    }

    /**
     * A lone surrogate once wedged the outboxes of the room's other members and stayed in the history: it is refused
     * at the door, never stored, and everybody goes on receiving.
     */
    @Test
    void aLoneSurrogateIsRefusedNeverStoredAndTheRoomCarriesOn() {
        String room = name("surrogate");
        try (JsonClient a = chat(room, name("a")); JsonClient b = chat(room, name("b"));
             JsonClient sender = chat(room, name("sender"))) {
            sender.ws().send("{\"type\":\"say\",\"text\":\"\\ud800\",\"id\":\"s1\"}");
            assertError(sender, "s1", "bad-request");
            sender.ws().send("{\"type\":\"whisper\",\"to\":\"" + name("offline")
                    + "\",\"text\":\"x\\udfffy\",\"id\":\"w1\"}");
            assertError(sender, "w1", "bad-request");

            sender.send("say", "text", "after", "id", "s2");
            assertEquals(1, sender.next("ack").getInt("seq"));
            assertEquals("after", a.next("message").getString("text"));
            assertEquals("after", b.next("message").getString("text"));

            try (JsonClient late = chat(room, name("late"))) {
                late.send("resume", "room", room, "after", 0);
                assertTrue(late.next("resumed").getBoolean("recovered"));
                assertEquals("after", late.next("message").getString("text"));
            }
        }
        try (JsonClient offline = privately(name("offline"))) {
            offline.ws().send("{\"type\":\"whisper\",\"to\":\"" + name("a") + "\",\"text\":\"ok\",\"id\":\"o1\"}");
            JsonObject first = offline.next();
            assertEquals("ack", first.getString("type"), "nothing was kept for offline: " + first);
        }
    }

    /** Inputs that escaped the decoder (no answer, a stack trace in the log) or were carried out though malformed. */
    @Test
    void malformedCommandsAreAnsweredBadRequestAndNotCarriedOut() {
        String room = name("strict");
        try (JsonClient alice = chat(room, name("alice")); JsonClient bob = chat(room, name("bob"))) {
            List<String> bad = List.of(
                    "{\"type\":\"say\",\"id\":\"d1\",\"text\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
                    "{\"type\":\"resume\",\"id\":\"d2\",\"room\":\"" + room + "\",\"after\":" + "1".repeat(1_200) + "}",
                    "{\"type\":\"say\",\"id\":\"d3\",\"text\":123}",
                    "{\"type\":\"say\",\"id\":\"d4\",\"text\":true}",
                    "{\"type\":\"join\",\"id\":\"d5\",\"room\":5}",
                    "{\"type\":\"say\",\"id\":\"d6\",\"text\":\"twice\"}{\"type\":\"say\",\"text\":\"twice\"}",
                    "{\"type\":\"say\",\"id\":\"d7\",\"text\":\"trailing\"} x");
            for (String text : bad) {
                alice.ws().send(text);
                JsonObject error = alice.next("error");
                assertEquals("bad-request", error.getString("code"), text.substring(0, Math.min(40, text.length())));
            }
            alice.send("rooms", "id", "r1");
            assertEquals(List.of(room), strings(alice.next("rooms"), "rooms"), "room 5 was not joined");
            alice.send("say", "text", "the only one", "id", "ok");
            assertEquals(1, alice.next("ack").getInt("seq"));
            assertEquals("the only one", bob.next("message").getString("text"));
        }
    }

    @Test
    void aReaderThatStopsReadingIsClosedWith1013WithoutDelayingTheOthers() throws Exception {
        String room = name("slow");
        int messages = 3_000;
        // 4,000 characters of 4 bytes each: 48 MB in all, more than any runtime buffers for one connection itself
        // (GlassFish takes some 12 MB), within the chat's text limit and the suite's burst
        String text = "\uD83D\uDCAC".repeat(4_000);
        try (JsonClient writer = chat(room, name("writer"));
             JsonClient reader = chat(room, name("reader"));
             RawWebSocket stalled = RawWebSocket.connect(ws("ws/chat/" + room + "?user=" + name("stalled")))) {
            for (int i = 1; i <= messages; i++) {
                writer.send("say", "text", text);
            }
            for (int i = 1; i <= messages; i++) {
                assertEquals(i, reader.next("message").getInt("seq"));
            }

            assertEquals(1013, stalled.readUntilClose(Duration.ofSeconds(10)));
            writer.send("say", "text", "after");
            assertEquals("after", reader.next("message").getString("text"));
        }
    }

    /**
     * A client that leaves while a send to it is stuck (it stopped reading with messages queued) is let go within
     * {@code close-timeout-ms} (5 s by default): on Tomcat, the container thread that answers its close frame waits
     * for the stuck send for its blocking-send timeout, 20 s unless wshub bounds it, and a thousand such departures
     * hold every container thread. The other members learn of the departure, and the room carries on.
     */
    @Test
    void aClientLeavingWhileASendToItIsStuckIsLetGoWithinTheCloseTimeout() throws Exception {
        String room = name("leaving");
        String stalledUser = name("stalled");
        // 300 messages of 16 KB: more than the kernel and any container but GlassFish buffer for one connection, far
        // fewer than the outbox holds, so the send stays stuck and the stalled client is not closed with 1013
        int messages = 300;
        String text = "\uD83D\uDCAC".repeat(4_000);
        try (JsonClient writer = chat(room, name("writer"));
             JsonClient reader = chat(room, name("reader"));
             RawWebSocket stalled = RawWebSocket.connect(ws("ws/chat/" + room + "?user=" + stalledUser))) {
            for (int i = 1; i <= messages; i++) {
                writer.send("say", "text", text);
            }
            for (int i = 1; i <= messages; i++) {
                assertEquals(i, reader.next("message").getInt("seq"));
            }

            long start = System.nanoTime();
            stalled.sendClose(1000);
            JsonObject left = reader.next("left");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(stalledUser, left.getString("user"));
            assertTrue(waited.compareTo(Duration.ofSeconds(9)) < 0, "let go after " + waited);
            writer.send("say", "text", "after");
            assertEquals("after", reader.next("message").getString("text"));
        }
    }

    /**
     * A client flooding as fast as it can with up to 256 commands unanswered (as wshub.js allows): every command gets
     * exactly one answer, an ack or {@code rate-limited}, and the room carries on. A flooder that never reads its
     * answers is a slow reader instead, closed with 1013 (above).
     */
    @Test
    void aFloodIsRefusedWithRateLimitedAndTheRoomCarriesOn() {
        String room = name("flood");
        int flood = 3 * BURST;
        int window = 256;
        try (JsonClient bystander = chat(room, name("bystander")); JsonClient flooder = chat(room, name("flooder"))) {
            Set<String> answered = new HashSet<>();
            int accepted = 0;
            int refused = 0;
            for (int sent = 0; sent < flood; ) {
                int end = Math.min(flood, sent + window);
                for (; sent < end; sent++) {
                    flooder.send("say", "text", "spam", "id", "f" + sent);
                }
                while (answered.size() < sent) {
                    JsonObject answer = flooder.next();
                    String type = answer.getString("type");
                    if (type.equals("ack")) {
                        accepted++;
                    } else if (type.equals("error")) {
                        assertEquals("rate-limited", answer.getString("code"), answer.toString());
                        refused++;
                    } else {
                        continue;
                    }
                    assertTrue(answered.add(answer.getString("id")), "answered twice: " + answer);
                }
            }
            assertEquals(flood, accepted + refused);
            assertTrue(refused > 0, "none of " + flood + " commands was refused");

            try (JsonClient other = chat(room, name("other"))) {
                other.send("say", "text", "still talking");
                JsonObject seen;
                int spam = 0;
                while ((seen = bystander.next("message")).getString("text").equals("spam")) {
                    spam++;
                }
                assertEquals("still talking", seen.getString("text"));
                assertEquals(accepted, spam, "the bystander saw exactly the accepted spam");
            }
        }
    }

    @Test
    void anOversizeMessageClosesWith1009() {
        try (JsonClient alice = chat(name("big"), name("alice"))) {
            alice.ws().sendRefused("{\"type\":\"say\",\"text\":\"" + "x".repeat(70_000) + "\"}");

            assertEquals(1009, alice.ws().awaitClose().code());
        }
    }

    @Test
    void anInvalidRoomInTheUrlIsAnsweredAndClosedWith1008() {
        try (JsonClient client = new JsonClient(connect("ws/chat/bad%20room?user=" + name("alice")))) {
            assertEquals("invalid-room", client.next("error").getString("code"));
            assertEquals(1008, client.ws().awaitClose().code());
        }
    }

    @Test
    void aBinaryMessageClosesWith1003() {
        try (JsonClient alice = chat(name("binary"), name("alice"))) {
            alice.ws().send(new byte[] {1});

            assertEquals(1003, alice.ws().awaitClose().code());
        }
    }

    private String name(String base) {
        return base + "-" + tag;
    }

    private JsonClient chat(String room, String user) {
        JsonClient client = new JsonClient(connect("ws/chat/" + room + "?user=" + user));
        client.next("presence");
        return client;
    }

    private JsonClient privately(String user) {
        return new JsonClient(connect("ws/private?user=" + user));
    }

    private static void assertError(JsonClient client, String id, String code) {
        JsonObject error = client.next("error");
        assertEquals(id, error.getString("id"), error.toString());
        assertEquals(code, error.getString("code"), error.toString());
    }

    private static List<String> strings(JsonObject message, String field) {
        return message.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
