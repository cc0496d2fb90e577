package io.wshub.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchedTransportTest {

    private final ExecutorService senders = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        senders.shutdown();
        assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void aPeerWhoseSendsBlockHoldsUpNeitherTheSenderNorAnotherPeer() throws InterruptedException {
        CountDownLatch peerReads = new CountDownLatch(1);
        BlockingTransport stalled = new BlockingTransport(peerReads);
        BlockingTransport healthy = new BlockingTransport(new CountDownLatch(0));
        AtomicBoolean overflowed = new AtomicBoolean();
        Outbox stalledOutbox = new Outbox(open(stalled), 3, Long.MAX_VALUE, OverflowPolicy.CLOSE,
                listener(overflowed));
        Outbox healthyOutbox = new Outbox(open(healthy), 10, Long.MAX_VALUE, OverflowPolicy.CLOSE,
                listener(new AtomicBoolean()));

        long start = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            stalledOutbox.offer(new Outgoing.Text("to stalled " + i));
            healthyOutbox.offer(new Outgoing.Text("to healthy " + i));
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "offers returned at once");

        assertTrue(healthy.awaitSent(5), healthy.sent::toString);
        assertEquals(List.of("to healthy 1", "to healthy 2", "to healthy 3", "to healthy 4", "to healthy 5"),
                healthy.sent);
        // the stalled one: one send in flight, three queued, the fifth overflows
        assertTrue(overflowed.get());
        assertEquals(List.of("to stalled 1"), stalled.sent);
        peerReads.countDown();
    }

    @Test
    void aSendRefusedByTheExecutorFails() throws InterruptedException {
        senders.shutdown();
        DispatchedTransport transport = open(new BlockingTransport(new CountDownLatch(0)));
        AtomicReference<Throwable> failure = new AtomicReference<>();

        transport.sendText("late", failure::set);

        assertInstanceOf(java.util.concurrent.RejectedExecutionException.class, failure.get());
    }

    /**
     * Before, the first frames of a connection went from a sender thread while the container's thread had still to
     * write the 101 answer: Payara's client saw them ahead of it (BadInputIT, "not upgraded").
     */
    @Test
    void whileTheConnectionOpensItsOwnThreadSendsAndAfterASenderThreadDoes() throws InterruptedException {
        List<Thread> sentOn = new CopyOnWriteArrayList<>();
        Transport recording = new BlockingTransport(new CountDownLatch(0)) {
            @Override
            public void sendText(String text, SendCompletion handler) {
                sentOn.add(Thread.currentThread());
                super.sendText(text, handler);
            }
        };
        DispatchedTransport transport = new DispatchedTransport(recording, senders);

        transport.sendText("welcome", cause -> { });
        assertEquals(List.of(Thread.currentThread()), sentOn);

        transport.opened();
        transport.sendText("later", cause -> { });
        for (int i = 0; i < 100 && sentOn.size() < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, sentOn.size());
        assertNotSame(Thread.currentThread(), sentOn.get(1));
    }

    /** A transport whose connection has opened. */
    private DispatchedTransport open(Transport delegate) {
        DispatchedTransport transport = new DispatchedTransport(delegate, senders);
        transport.opened();
        return transport;
    }

    private static Outbox.Listener listener(AtomicBoolean overflowed) {
        return new Outbox.Listener() {
            @Override
            public void onSendFailure(Throwable cause) {
                throw new AssertionError(cause);
            }

            @Override
            public void onOverflow() {
                overflowed.set(true);
            }
        };
    }

    /** A container remote whose async sends write, blocking, before they complete inline: Tyrus's servlet writer. */
    private static class BlockingTransport implements Transport {

        private final CountDownLatch peerReads;
        private final List<String> sent = new CopyOnWriteArrayList<>();

        BlockingTransport(CountDownLatch peerReads) {
            this.peerReads = peerReads;
        }

        boolean awaitSent(int count) throws InterruptedException {
            for (int i = 0; i < 100 && sent.size() < count; i++) {
                Thread.sleep(20);
            }
            return sent.size() == count;
        }

        @Override
        public void sendText(String text, SendCompletion handler) {
            sent.add(text);
            try {
                peerReads.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handler.completed(e);
                return;
            }
            handler.completed(null);
        }

        @Override
        public void sendBinary(ByteBuffer data, SendCompletion handler) {
            throw new UnsupportedOperationException();
        }


        @Override
        public void sendPing(ByteBuffer payload, SendCompletion handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(CloseFrame reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
