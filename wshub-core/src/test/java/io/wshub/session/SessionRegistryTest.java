package io.wshub.session;

import io.wshub.broker.Envelope;
import io.wshub.broker.LocalBroker;
import io.wshub.broker.LocalDelivery;
import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRegistryTest {

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle(events::add);
    private final SessionRegistry registry =
            new SessionRegistry(new Settings(name -> null, new Properties()), lifecycle);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ExecutorService racers = Executors.newFixedThreadPool(8);
    private final AtomicInteger ids = new AtomicInteger();
    private final Scheduler scheduler = Scheduler.standalone();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        racers.shutdownNow();
        registry.shutdown();
        scheduler.shutdown();
    }

    @Test
    void indexesByIdUserAndGroupAndHandsOutImmutableSnapshots() {
        Connection alice1 = connection("alice", FakeTransport.inline());
        Connection alice2 = connection("alice", FakeTransport.inline());
        Connection bob = connection("bob", FakeTransport.inline());
        registry.add(alice1);
        registry.add(alice2);
        registry.add(bob);
        registry.join(alice1, "lobby");
        registry.join(bob, "lobby");

        assertEquals(List.of(alice1, alice2), registry.connectionsOf("alice"));
        assertEquals(List.of(alice1, bob), registry.members("lobby"));
        assertEquals(Set.of("alice", "bob"), registry.users());
        assertEquals(alice2, registry.get(alice2.id()));
        assertEquals(3, registry.connectionCount());
        assertThrows(UnsupportedOperationException.class, () -> registry.members("lobby").clear());
        assertThrows(UnsupportedOperationException.class, () -> registry.connections().clear());

        List<Connection> snapshot = registry.members("lobby");
        registry.leave(bob, "lobby");
        assertEquals(List.of(alice1, bob), snapshot);
        assertEquals(List.of(alice1), registry.members("lobby"));
    }

    @Test
    void aGroupListsItsMembersOnceInJoinOrderAndEndsWithItsLastMember() {
        List<Connection> joined = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Connection member = connection("user" + i, FakeTransport.inline());
            registry.add(member);
            registry.join(member, "room");
            joined.add(member);
        }
        assertFalse(registry.join(joined.get(1), "room"));

        registry.leave(joined.get(2), "room");
        registry.remove(joined.get(0));

        assertEquals(List.of(joined.get(1), joined.get(3), joined.get(4)), registry.members("room"));
        for (Connection member : List.of(joined.get(1), joined.get(3), joined.get(4))) {
            registry.leave(member, "room");
        }
        assertTrue(registry.members("room").isEmpty());
        assertEquals(Set.of(), registry.groups());
    }

    @Test
    void removalIsIdempotentAndCleansEveryIndex() {
        Connection alice = connection("alice", FakeTransport.inline());
        registry.add(alice);
        registry.join(alice, "a");
        registry.join(alice, "b");

        assertTrue(registry.remove(alice));
        assertFalse(registry.remove(alice));
        assertFalse(registry.join(alice, "c"));

        assertEquals(0, registry.connectionCount());
        assertEquals(0, registry.userCount());
        assertEquals(0, registry.groupCount());
        assertFalse(alice.send("too late"));
    }

    @Test
    void concurrentOpenJoinAndDoubleCloseLeaveNothingBehind() throws Exception {
        int connections = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger removals = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection connection = connection("user" + (i % 37), FakeTransport.inline());
            String group = "room" + (i % 11);
            tasks.add(pool.submit(() -> {
                start.await();
                registry.add(connection);
                // @OnClose and @OnError racing each other, and a join racing both
                Future<?> join = racers.submit(() -> registry.join(connection, group));
                Future<Boolean> viaError = racers.submit(() -> registry.remove(connection));
                boolean viaClose = registry.remove(connection);
                join.get();
                if (viaClose) {
                    removals.incrementAndGet();
                }
                if (viaError.get()) {
                    removals.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(30, TimeUnit.SECONDS);
        }

        assertEquals(connections, removals.get());
        assertEquals(0, registry.connectionCount());
        assertEquals(0, registry.userCount());
        assertEquals(0, registry.groupCount());
    }

    @Test
    void anOverflowingChatConnectionIsDroppedAndClosedWith1013WhileOthersAreNot() throws InterruptedException {
        FakeTransport stuck = FakeTransport.manual();
        FakeTransport healthy = FakeTransport.inline();
        Connection slow = new Connection("slow", new Identity("slow", false), TestJson.LABELS, stuck, 2,
                Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), registry::terminate);
        Connection fast = new Connection("fast", new Identity("fast", false), TestJson.LABELS, healthy, 2,
                Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), registry::terminate);
        registry.add(slow);
        registry.add(fast);
        registry.join(slow, "room");
        registry.join(fast, "room");

        for (int i = 0; i < 10; i++) {
            for (Connection member : registry.members("room")) {
                member.send("message " + i);
            }
        }

        assertEquals(10, healthy.sent().size());
        assertEquals(List.of(fast), registry.members("room"));
        assertEquals(null, registry.get("slow"));
        assertEquals(List.of(), stuck.closes(), "the close waits for the send in flight");

        stuck.completeOne();

        assertEquals(List.of(Closes.SLOW_CONSUMER), stuck.closes());
        assertEquals(List.of("message 0"), stuck.sent(), "nothing queued behind the close is sent");
    }

    @Test
    void aDroppedConnectionWhoseSendNeverCompletesIsClosedAfterTheCloseTimeout() throws InterruptedException {
        Properties properties = new Properties();
        properties.setProperty("wshub.close-timeout-ms", "300");
        SessionRegistry shortTimeout = new SessionRegistry(new Settings(name -> null, properties), lifecycle);
        try {
            FakeTransport stuck = FakeTransport.manual();
            Connection slow = new Connection("slow", new Identity("slow", false), TestJson.LABELS, stuck, 1,
                    Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), shortTimeout::terminate);
            shortTimeout.add(slow);
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                slow.send("message " + i);
            }
            assertEquals(null, shortTimeout.get("slow"));

            awaitClose(stuck);

            assertEquals(List.of(Closes.SLOW_CONSUMER), stuck.closes());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 300, "closed after " + waited + " ms, before the close timeout");
        } finally {
            shortTimeout.shutdown();
        }
    }

    @Test
    void aDroppedConnectionWithNothingInFlightIsClosedAtOnce() throws InterruptedException {
        FakeTransport transport = FakeTransport.inline();
        Connection idle = connection("idle", transport);
        registry.add(idle);

        registry.terminate(idle, Closes.NO_PONG);

        awaitClose(transport);
        assertEquals(List.of(Closes.NO_PONG), transport.closes());
    }

    @Test
    void theEndOfAContainerLoginClosesItsConnectionsWith1008AndNoOther() throws InterruptedException {
        FakeTransport first = FakeTransport.inline();
        FakeTransport second = FakeTransport.inline();
        FakeTransport otherLogin = FakeTransport.inline();
        Connection a = connection("alice", first);
        Connection b = connection("alice", second);
        Connection c = connection("alice", otherLogin);
        for (Connection connection : List.of(a, b, c)) {
            registry.add(connection);
        }
        registry.join(a, SessionRegistry.loginGroup("s1"));
        registry.join(b, SessionRegistry.loginGroup("s1"));
        registry.join(c, SessionRegistry.loginGroup("s2"));
        registry.renameLogin("s1", "s1-renamed");

        assertEquals(0, registry.endLogin("s1"), "the old name closes nothing");
        assertEquals(2, registry.endLogin("s1-renamed"));

        awaitClose(first);
        awaitClose(second);
        assertEquals(List.of(Closes.LOGGED_OUT), first.closes());
        assertEquals(List.of(Closes.LOGGED_OUT), second.closes());
        assertEquals(List.of(), otherLogin.closes());
        assertEquals(List.of(c), registry.connectionsOf("alice"));
    }

    @Test
    void refusesTheSameIdTwice() {
        Connection first = new Connection("same", new Identity("a", false), TestJson.LABELS, FakeTransport.inline(), 1,
                Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), registry::terminate);
        Connection second = new Connection("same", new Identity("b", false), TestJson.LABELS, FakeTransport.inline(), 1,
                Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), registry::terminate);
        registry.add(first);

        assertThrows(IllegalStateException.class, () -> registry.add(second));
    }

    @Test
    void aRecipientWhoseSendThrowsAnErrorIsClosedWith1011AndTheOthersStillReceive() throws InterruptedException {
        FakeTransport first = FakeTransport.inline();
        first.throwOnText("broadcast", new Error("MalformedInputException"));
        FakeTransport second = FakeTransport.inline();
        FakeTransport third = FakeTransport.inline();
        List<Connection> members = new ArrayList<>();
        for (FakeTransport transport : List.of(first, second, third)) {
            Connection member = connection("u" + members.size(), transport);
            registry.add(member);
            registry.join(member, "room");
            members.add(member);
        }

        int accepted = new LocalDelivery(registry, new LocalBroker(), scheduler)
                .deliver(Envelope.to("room", Broadcast.of("broadcast")));

        assertEquals(2, accepted);
        assertEquals(List.of("broadcast"), second.sent());
        assertEquals(List.of("broadcast"), third.sent());
        awaitClose(first);
        assertEquals(List.of(Closes.SEND_FAILED), first.closes());
        assertEquals(1011, first.closes().get(0).code());
        assertEquals(List.of(members.get(1), members.get(2)), registry.members("room"));
        assertTrue(members.get(1).send("still open"));
    }

    /**
     * Tomcat 11 fails the send in flight on a connection it is failing itself (a protocol error) before it writes its
     * own close; wshub's 1011 used to get there first, so a client sending a reserved opcode read "1011 send failed"
     * instead of 1002.
     */
    @Test
    void aSendFailingWhileTheContainerClosesTheConnectionLeavesTheCloseToTheContainer() throws Exception {
        FakeTransport closing = FakeTransport.inline();
        Connection member = connection("closing", closing);
        registry.add(member);
        closing.failNextSendsWith(new java.io.IOException("the container is closing the session"));
        closing.closeByContainer();

        member.send("count");

        assertEquals(List.of(), registry.connections(), "forgotten at once");
        Thread.sleep(SessionRegistry.SEND_FAILURE_GRACE.toMillis() + 500);
        assertEquals(List.of(), closing.closes(), "no close frame of wshub's");
    }

    private static RateLimiter unlimited() {
        return new RateLimiter(java.time.Clock.systemUTC(), 1_000_000, 1_000_000);
    }

    private Connection connection(String user, Transport transport) {
        return new Connection("c" + ids.incrementAndGet(), new Identity(user, false), TestJson.LABELS, transport, 16,
                Long.MAX_VALUE, OverflowPolicy.CLOSE, 65536, unlimited(), registry::terminate);
    }

    private static void awaitClose(FakeTransport transport) throws InterruptedException {
        for (int i = 0; i < 200 && transport.closes().isEmpty(); i++) {
            Thread.sleep(10);
        }
    }
}
