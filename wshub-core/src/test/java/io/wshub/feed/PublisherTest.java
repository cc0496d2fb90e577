package io.wshub.feed;

import io.wshub.chat.ChatService;
import io.wshub.chat.Mailbox;
import io.wshub.security.Identity;
import io.wshub.session.Connection;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class PublisherTest {

    /** What application code might push. */
    public record Notice(String type, String text) {
    }

    private final MutableClock clock = new MutableClock();
    private final LocalNode node = new LocalNode(clock, new Lifecycle(event -> { }));
    private final SessionRegistry registry = node.registry;
    private final LocalTopicSequences sequences = new LocalTopicSequences(registry);
    private final FeedService feeds = node.feeds(sequences);
    private final ChatService chat = node.chat(node.roomLogs(10, 1_000, Long.MAX_VALUE), 10,
            new ChatService.Limits(100, 3, 10, 10, 1000, 1000, Duration.ofHours(1)));
    private final Publisher publisher = new Publisher(feeds, chat, node.broker, TestJson.RAW);
    private final AtomicInteger ids = new AtomicInteger();

    private final RecordingTransport aliceChat = new RecordingTransport();
    private final RecordingTransport aliceFeed = new RecordingTransport();
    private final RecordingTransport bobChat = new RecordingTransport();
    private final RecordingTransport carolFeed = new RecordingTransport();

    PublisherTest() {
        node.delivery.join(connect("alice", aliceChat), ChatService.roomGroup("lobby"));
        feeds.subscribe(connect("alice", aliceFeed), "prices");
        node.delivery.join(connect("bob", bobChat), ChatService.roomGroup("lobby"));
        feeds.subscribe(connect("carol", carolFeed), "prices");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aPrivateMessageFromServerCodeWaitsForItsRecipientsChatConnection() {
        assertEquals(Mailbox.Outcome.STORED, publisher.privately("billing", "dave", "invoice paid"));

        RecordingTransport daveChat = new RecordingTransport();
        chat.open(connect("dave", daveChat), null);
        JsonObject letter = daveChat.drain("private").get(0);
        assertEquals(List.of("billing", "dave", "invoice paid"),
                List.of(letter.getString("from"), letter.getString("to"), letter.getString("text")));
        assertThrows(IllegalArgumentException.class, () -> publisher.privately("billing", "dave", "\uDC00"));
    }

    @Test
    void topicsWithoutSubscribersAreForgottenPastTheBoundAndSubscribedOnesKeepTheirSeq() {
        publisher.toTopic("prices", Map.of("n", 1));
        for (int i = 0; i < LocalTopicSequences.MAX_TOPICS + 500; i++) {
            publisher.toTopic("nobody-" + i, Map.of("n", i));
        }

        assertTrue(sequences.topicCount() <= LocalTopicSequences.MAX_TOPICS + 1, "" + sequences.topicCount());
        assertEquals(2, publisher.toTopic("prices", Map.of("n", 2)));
    }

    /** A lone surrogate from server code would wedge every subscriber's send: it is refused before it goes out. */
    @Test
    void aMessageThatIsNotValidUnicodeIsRefusedAndReachesNobody() {
        assertThrows(IllegalArgumentException.class, () -> publisher.toTopic("prices", Map.of("p", "\ud800")));
        assertThrows(IllegalArgumentException.class, () -> publisher.toRoom("lobby", new Notice("notice", "a\udc00")));

        assertEquals(List.of(), carolFeed.sent());
        assertEquals(List.of(), bobChat.sent());
        assertEquals(1, publisher.toTopic("prices", Map.of("p", "ok")), "the refused item took no seq");
    }

    @Test
    void aTopicItemReachesItsSubscribersWithTheNextSeq() {
        assertEquals(1, publisher.toTopic("prices", new Notice("price", "12.5")));
        assertEquals(2, publisher.toTopic("prices", new Notice("price", "12.6")));

        for (RecordingTransport subscriber : List.of(aliceFeed, carolFeed)) {
            List<JsonObject> items = subscriber.drain();
            assertEquals(List.of(1, 2), items.stream().map(item -> item.getInt("seq")).toList());
            assertEquals("prices", items.get(0).getString("topic"));
            assertEquals("12.5", items.get(0).getJsonObject("data").getString("text"));
            assertEquals("2026-11-21T12:00:00Z", items.get(0).getString("ts"));
        }
        assertEquals(List.of(), aliceChat.drain());
        assertEquals(List.of(), bobChat.drain());
        assertThrows(IllegalArgumentException.class, () -> publisher.toTopic("no spaces", "x"));
    }

    @Test
    void aUserMessageReachesEveryConnectionOfThatUserOnly() {
        assertEquals(2, publisher.toUser("alice", new Notice("notice", "hi alice")));

        assertEquals("hi alice", aliceChat.drain().get(0).getString("text"));
        assertEquals("hi alice", aliceFeed.drain().get(0).getString("text"));
        assertEquals(List.of(), bobChat.drain());
        assertEquals(List.of(), carolFeed.drain());
    }

    @Test
    void aRoomMessageReachesTheRoomsMembersOnly() {
        assertEquals(2, publisher.toRoom("lobby", new Notice("notice", "to the lobby")));

        assertEquals(1, aliceChat.drain().size());
        assertEquals(1, bobChat.drain().size());
        assertEquals(List.of(), aliceFeed.drain());
        assertEquals(List.of(), carolFeed.drain());
    }

    @Test
    void anEverybodyMessageReachesEveryConnectionEncodedOnce() {
        assertEquals(4, publisher.toEverybody(new Notice("notice", "maintenance at noon")));

        List<String> texts = List.of(aliceChat, aliceFeed, bobChat, carolFeed).stream()
                .map(transport -> transport.sent().get(0)).toList();
        assertEquals("{\"text\":\"maintenance at noon\",\"type\":\"notice\"}", texts.get(0));
        texts.forEach(text -> assertSame(texts.get(0), text));
    }

    private Connection connect(String user, RecordingTransport transport) {
        return registry.connect("c" + ids.incrementAndGet(), new Identity(user, false), TestJson.RAW, transport,
                OverflowPolicy.DROP_OLDEST, 16);
    }
}
