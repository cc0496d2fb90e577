package io.wshub.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    private static final int PRODUCERS = 50;
    private static final int MESSAGES_EACH = 1_000;

    private final ExecutorService completions = Executors.newFixedThreadPool(4);
    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Outbox.Listener listener = new Outbox.Listener() {
        @Override
        public void onSendFailure(Throwable cause) {
            failure.set(cause);
        }

        @Override
        public void onOverflow() {
            overflows.incrementAndGet();
        }
    };

    @AfterEach
    void stop() {
        completions.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(value = FakeTransport.Completion.class, names = {"EXECUTOR", "INLINE"})
    void manyProducersDeliverEverythingEachInOrderWithOneSendInFlight(FakeTransport.Completion completion)
            throws InterruptedException {
        FakeTransport transport = new FakeTransport(completion, completions);
        Outbox outbox = new Outbox(transport, PRODUCERS * MESSAGES_EACH, Long.MAX_VALUE, OverflowPolicy.CLOSE,
                listener);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < MESSAGES_EACH; i++) {
                    assertTrue(outbox.offer(new Outgoing.Text(producer + ":" + i)));
                }
            });
            thread.start();
            producers.add(thread);
        }
        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }
        awaitDrained(outbox, transport, PRODUCERS * MESSAGES_EACH);

        List<String> sent = transport.sent();
        assertEquals(PRODUCERS * MESSAGES_EACH, sent.size());
        Map<Integer, Integer> lastSeen = new HashMap<>();
        for (String message : sent) {
            String[] parts = message.split(":");
            int producer = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertEquals(lastSeen.getOrDefault(producer, -1) + 1, index, "producer " + producer + " out of order");
            lastSeen.put(producer, index);
        }
        assertEquals(1, transport.maxInFlight());
        assertEquals(0, overflows.get());
    }

    @Test
    void dropOldestKeepsTheNewestMessagesAndCountsTheDropped() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 3, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST, listener);
        for (int i = 0; i < 6; i++) {
            assertTrue(outbox.offer(new Outgoing.Text("m" + i)));
        }

        assertEquals(3, outbox.queued());
        assertEquals(2, outbox.dropped());
        for (int i = 0; i < 4; i++) {
            transport.completeOne();
        }
        assertEquals(List.of("m0", "m3", "m4", "m5"), transport.sent());
        assertEquals(0, overflows.get());
        assertFalse(outbox.isClosed());
    }

    /** Before, only the count bounded an outbox: a client that never read held 1,024 messages of 64 KiB each. */
    @Test
    void closePolicyOverflowsWhenTheQueuedBytesWouldPassTheBudget() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 1_000, 10, OverflowPolicy.CLOSE, listener);
        assertTrue(outbox.offer(new Outgoing.Text("in flight, not counted")));
        assertTrue(outbox.offer(new Outgoing.Text("12345")));
        assertTrue(outbox.offer(new Outgoing.Binary(java.nio.ByteBuffer.wrap(new byte[5]))));
        assertEquals(10, outbox.queuedBytes());

        assertFalse(outbox.offer(new Outgoing.Text("x")));

        assertEquals(1, overflows.get());
        assertEquals(0, outbox.queuedBytes());
    }

    @Test
    void queuedBytesGoDownAsMessagesAreSent() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 1_000, 10, OverflowPolicy.CLOSE, listener);
        outbox.offer(new Outgoing.Text("first"));
        outbox.offer(new Outgoing.Text("1234567890"));
        transport.completeOne();

        assertEquals(0, outbox.queuedBytes());
        assertTrue(outbox.offer(new Outgoing.Text("abcdefghij")));
        assertEquals(10, outbox.queuedBytes());
        assertEquals(0, overflows.get());
    }

    @Test
    void dropOldestDropsAsManyAsTheBytesNeedAndAMessageLargerThanTheWholeBudgetAlone() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 1_000, 10, OverflowPolicy.DROP_OLDEST, listener);
        outbox.offer(new Outgoing.Text("in flight"));
        outbox.offer(new Outgoing.Text("aaa"));
        outbox.offer(new Outgoing.Text("bbb"));
        outbox.offer(new Outgoing.Text("ccc"));

        assertTrue(outbox.offer(new Outgoing.Text("dddddddd")));
        assertEquals(3, outbox.dropped());
        assertEquals(8, outbox.queuedBytes());
        assertTrue(outbox.offer(new Outgoing.Text("e".repeat(11))));
        assertEquals(4, outbox.dropped(), "only the message larger than the whole budget is dropped");
        assertEquals(1, outbox.queued());
        assertFalse(outbox.isClosed());
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("in flight", "dddddddd"), transport.sent());
    }

    @Test
    void closePolicyRefusesTheOverflowingMessageReportsItOnceAndRefusesEverythingAfter() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 2, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);
        assertTrue(outbox.offer(new Outgoing.Text("in flight")));
        assertTrue(outbox.offer(new Outgoing.Text("queued 1")));
        assertTrue(outbox.offer(new Outgoing.Text("queued 2")));

        assertFalse(outbox.offer(new Outgoing.Text("one too many")));
        assertFalse(outbox.offer(new Outgoing.Text("later")));

        assertEquals(1, overflows.get());
        assertTrue(outbox.isClosed());
        assertEquals(0, outbox.queued());
        transport.completeOne();
        assertEquals(List.of("in flight"), transport.sent());
    }

    @Test
    void aFailedSendIsReportedAndNothingIsSentAfterIt() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);
        outbox.offer(new Outgoing.Text("first"));
        outbox.offer(new Outgoing.Text("second"));
        IOException broken = new IOException("broken pipe");
        transport.failNextSendsWith(broken);

        transport.completeOne();

        assertSame(broken, failure.get());
        assertEquals(List.of("first"), transport.sent());
        assertFalse(outbox.offer(new Outgoing.Text("third")));
    }

    @Test
    void aSendThatThrowsIsReportedAsAFailure() {
        Transport throwing = new Transport() {
            @Override
            public void sendText(String text, SendCompletion handler) {
                throw new IllegalStateException("session closed");
            }

            @Override
            public void sendBinary(ByteBuffer data, SendCompletion handler) {
                throw new IllegalStateException("session closed");
            }


            @Override
            public void sendPing(ByteBuffer payload, SendCompletion handler) {
                throw new IllegalStateException("session closed");
            }

            @Override
            public void close(CloseFrame reason) {
            }

            @Override
            public boolean isOpen() {
                return true;
            }
        };
        Outbox outbox = new Outbox(throwing, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);

        outbox.offer(new Outgoing.Text("x"));

        assertEquals("session closed", failure.get().getMessage());
        assertTrue(outbox.isClosed());
    }

    /** A container's encoder throws an {@link Error} for a lone surrogate: the outbox must not stay "sending". */
    @ParameterizedTest
    @ValueSource(strings = {"error", "stack-overflow", "runtime"})
    void aSendThatThrowsAnyThrowableReleasesTheOutboxAndIsReported(String kind) {
        Throwable thrown = switch (kind) {
            case "error" -> new Error("java.nio.charset.MalformedInputException: Input length = 1");
            case "stack-overflow" -> new StackOverflowError();
            default -> new IllegalStateException("encoder broke");
        };
        FakeTransport transport = FakeTransport.inline();
        transport.throwOnText("poison", thrown);
        Outbox outbox = new Outbox(transport, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);

        assertTrue(outbox.offer(new Outgoing.Text("before")));
        assertFalse(outbox.offer(new Outgoing.Text("poison")), "a send that failed at once was not delivered");

        assertSame(thrown, failure.get());
        assertTrue(outbox.isClosed());
        assertFalse(outbox.closeAfterSendInFlight(new CloseFrame(1011, "x")),
                "the outbox still has a send in flight");
        assertEquals(List.of("before"), transport.sent());
    }

    /** The same when the send throws from the completion of the send before it, on the container's thread. */
    @Test
    void aSendThatThrowsFromACompletionThreadReleasesTheOutbox() {
        FakeTransport transport = FakeTransport.manual();
        Error thrown = new Error("unmappable character");
        transport.throwOnText("poison", thrown);
        Outbox outbox = new Outbox(transport, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);
        outbox.offer(new Outgoing.Text("first"));
        outbox.offer(new Outgoing.Text("poison"));
        outbox.offer(new Outgoing.Text("after"));

        transport.completeOne();

        assertSame(thrown, failure.get());
        assertFalse(outbox.closeAfterSendInFlight(new CloseFrame(1011, "x")));
        assertEquals(List.of("first"), transport.sent());
    }

    @Test
    void closeWaitsForWhatIsQueuedThenClosesOnceAndRefusesMore() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);
        CloseFrame bye = new CloseFrame(1000, "bye");
        outbox.offer(new Outgoing.Text("a"));
        outbox.offer(new Outgoing.Text("b"));

        assertTrue(outbox.close(bye));
        assertFalse(outbox.offer(new Outgoing.Text("c")));
        assertFalse(outbox.close(bye));
        assertEquals(List.of(), transport.closes());

        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("a", "b"), transport.sent());
        assertEquals(List.of(bye), transport.closes());
    }

    @Test
    void aPingGoesAheadOfTheQueueAndIsNeverDropped() {
        FakeTransport transport = FakeTransport.manual();
        Outbox outbox = new Outbox(transport, 2, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST, listener);
        outbox.offer(new Outgoing.Text("in flight"));
        outbox.offer(new Outgoing.Text("queued 1"));
        outbox.offer(new Outgoing.Text("queued 2"));

        assertTrue(outbox.ping(ByteBuffer.allocate(0)));
        assertTrue(outbox.ping(ByteBuffer.allocate(0)));
        outbox.offer(new Outgoing.Text("queued 3"));
        for (int i = 0; i < 4; i++) {
            transport.completeOne();
        }

        assertEquals(List.of("in flight", "(ping)", "queued 2", "queued 3"), transport.sent());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void anIdleOutboxPingsAtOnceAndAClosedOneNotAtAll() {
        FakeTransport transport = FakeTransport.inline();
        Outbox outbox = new Outbox(transport, 2, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);

        assertTrue(outbox.ping(ByteBuffer.allocate(0)));
        outbox.close(Closes.NORMAL);
        assertFalse(outbox.ping(ByteBuffer.allocate(0)));

        assertEquals(List.of("(ping)"), transport.sent());
    }

    @Test
    void closeOfAnIdleOutboxClosesAtOnce() {
        FakeTransport transport = FakeTransport.inline();
        Outbox outbox = new Outbox(transport, 10, Long.MAX_VALUE, OverflowPolicy.CLOSE, listener);

        outbox.close(Closes.GOING_AWAY);

        assertEquals(List.of(Closes.GOING_AWAY), transport.closes());
    }

    private static void awaitDrained(Outbox outbox, FakeTransport transport, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((transport.sent().size() < expected || outbox.queued() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
