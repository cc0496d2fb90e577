package io.wshub.broker;

import io.wshub.chat.message.ChatEvent;
import io.wshub.session.Broadcast;
import io.wshub.testing.RedisServer;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisBrokerTest extends BrokerContract {

    @RegisterExtension
    static final RedisServer.Extension REDIS = new RedisServer.Extension();

    private final List<RedisBroker> brokers = new ArrayList<>();

    @Override
    protected Broker broker() {
        return node(REDIS.server().fresh());
    }

    private RedisBroker node(io.lettuce.core.api.sync.RedisCommands<String, String> redis) {
        RedisBroker broker = new RedisBroker(redis, REDIS.server().pubSub(), TestJson.JSONB);
        brokers.add(broker);
        return broker;
    }

    @AfterEach
    void closeBrokers() {
        brokers.forEach(RedisBroker::close);
    }

    /** An application's message type, which no other node needs to know. */
    public record Shipped(String type, String order, int items) {
    }

    @Test
    void whatOneNodePublishesAnotherReceivesAsItsRecipientsWouldReadIt() throws Exception {
        Broker nodeA = broker();
        Broker nodeB = node(REDIS.server().anotherNode());
        BlockingQueue<Envelope> arrived = new LinkedBlockingQueue<>();
        nodeB.subscribe("room:lobby", envelope -> {
            arrived.add(envelope);
            return 1;
        });
        ChatEvent.Message said = new ChatEvent.Message("lobby", 7, "alice", "hi ünïcode 🌍", "2026-12-08T00:00:00Z",
                "m1");
        Shipped shipped = new Shipped("shipped", "o-1", 3);
        Map<String, Object> map = Map.of("state", "shipped", "n", 2);

        assertEquals(1, nodeA.publish(Envelope.inOrder("room:lobby", Broadcast.of(said),
                new Envelope.Order("room:lobby", "e1", 7, true))));
        nodeA.publish(Envelope.to("room:lobby", Broadcast.of(shipped)));
        nodeA.publish(Envelope.toGroupExcept("room:lobby", Broadcast.of(map), "c9"));

        Envelope first = arrived.poll(10, TimeUnit.SECONDS);
        assertEquals(said, first.message().message(), "wshub's own records come back as themselves");
        assertEquals(new Envelope.Order("room:lobby", "e1", 7, true), first.order());
        for (Object sent : List.of(shipped, map)) {
            Envelope next = arrived.poll(10, TimeUnit.SECONDS);
            assertEquals(TestJson.RAW.encode(sent), TestJson.RAW.encode(next.message().message()),
                    "any other message comes back as its JSON");
        }
    }

    @Test
    void anEnvelopeNamingAClassOutsideWshubOrNotARecordIsRefused() {
        EnvelopeJson json = new EnvelopeJson(TestJson.JSONB);
        for (String record : List.of("java.lang.ProcessBuilder", "io.wshub.session.Broadcast",
                "io.wshub.no.Such")) {
            assertThrows(IllegalArgumentException.class, () -> json.read(
                    "{\"group\":\"g\",\"record\":\"" + record + "\",\"message\":\"{}\"}"), record);
        }
        assertInstanceOf(Envelope.Everybody.class, json.read("{\"everybody\":true,\"message\":\"1\"}").target());
    }
}
