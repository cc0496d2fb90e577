package io.wshub.broker;

import io.wshub.session.Broadcast;
import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Broker} must do, seen from one node; an implementation's test extends this. A broker may hand
 * envelopes over on another thread, so arrivals are awaited.
 */
public abstract class BrokerContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A fresh broker with no subscription. */
    protected abstract Broker broker();

    /** What a subscriber received, by channel. */
    private final Map<String, List<Envelope>> received = new ConcurrentHashMap<>();

    private Broker.Inbound recorder() {
        return envelope -> {
            received.computeIfAbsent(envelope.channel(), channel -> new CopyOnWriteArrayList<>()).add(envelope);
            return 1;
        };
    }

    private List<Envelope> await(String channel, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.getOrDefault(channel, List.of()).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return received.getOrDefault(channel, List.of());
    }

    @Test
    void anEnvelopeReachesTheSubscriberOfItsChannelOnly() throws Exception {
        Broker broker = broker();
        broker.subscribe("room:lobby", recorder());
        broker.subscribe(Envelope.USERS_CHANNEL, recorder());

        assertTrue(broker.publish(Envelope.to("room:lobby", Broadcast.of("hello"))) >= 1);
        assertTrue(broker.publish(Envelope.toUser("alice", Broadcast.of("psst"))) >= 1);
        assertEquals(0, broker.publish(Envelope.to("room:empty", Broadcast.of("nobody"))));
        assertEquals(0, broker.publish(Envelope.toEverybody(Broadcast.of("nobody either"))));

        assertEquals(List.of("hello"), await("room:lobby", 1).stream().map(BrokerContract::text).toList());
        assertEquals(List.of(new Envelope.User("alice")),
                await(Envelope.USERS_CHANNEL, 1).stream().map(Envelope::target).toList());
        assertEquals(List.of("room:lobby", Envelope.USERS_CHANNEL), received.keySet().stream().sorted().toList());
    }

    @Test
    void afterUnsubscribingNothingArrives() throws Exception {
        Broker broker = broker();
        broker.subscribe("topic:prices", recorder());
        broker.publish(Envelope.to("topic:prices", Broadcast.of("1")));
        await("topic:prices", 1);
        broker.unsubscribe("topic:prices");

        assertEquals(0, broker.publish(Envelope.to("topic:prices", Broadcast.of("2"))));
        Thread.sleep(50);
        assertEquals(1, received.get("topic:prices").size());
    }

    @Test
    void eachPublishersEnvelopesArriveInTheOrderPublished() throws Exception {
        Broker broker = broker();
        broker.subscribe("room:busy", recorder());
        Concurrently.run(4, thread -> {
            for (int i = 0; i < 5_000; i++) {
                broker.publish(Envelope.to("room:busy", Broadcast.of(thread + ":" + i)));
            }
            return List.of();
        });

        List<Envelope> all = await("room:busy", 20_000);
        assertEquals(20_000, all.size());
        for (int thread = 0; thread < 4; thread++) {
            String prefix = thread + ":";
            List<Integer> order = new ArrayList<>();
            all.stream().map(BrokerContract::text).filter(text -> text.startsWith(prefix))
                    .forEach(text -> order.add(Integer.parseInt(text.substring(prefix.length()))));
            assertEquals(order.stream().sorted().toList(), order);
        }
    }

    @Test
    void anEnvelopesOrderAndExceptionTravelWithIt() throws Exception {
        Broker broker = broker();
        broker.subscribe("room:lobby", recorder());
        Envelope.Order order = new Envelope.Order("room:lobby", "e1", 7, true);
        broker.publish(Envelope.inOrder("room:lobby", Broadcast.of("seven"), order));
        broker.publish(Envelope.toGroupExcept("room:lobby", Broadcast.of("not to c1"), "c1"));

        List<Envelope> arrived = await("room:lobby", 2);
        assertEquals(order, arrived.get(0).order());
        assertEquals("c1", arrived.get(1).except());
    }

    private static String text(Envelope envelope) {
        return (String) envelope.message().message();
    }
}
