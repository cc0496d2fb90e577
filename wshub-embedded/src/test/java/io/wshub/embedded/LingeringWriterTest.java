package io.wshub.embedded;

import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LingeringWriterTest {

    private final CountingTransport transport = new CountingTransport();

    @Test
    void aCloseTheServerStartedWaitsForThePeersCloseFrame() throws InterruptedException {
        LingeringWriter writer = new LingeringWriter(transport, Duration.ofMinutes(1));

        writer.close();
        assertTrue(writer.isClosing());
        assertFalse(transport.closed.await(200, TimeUnit.MILLISECONDS));

        writer.peerFinished();
        assertEquals(1, transport.closes.get());
    }

    @Test
    void aCloseThatAnswersThePeersCloseFrameHappensAtOnce() {
        LingeringWriter writer = new LingeringWriter(transport, Duration.ofMinutes(1));

        writer.peerFinished();
        writer.close();

        assertEquals(1, transport.closes.get());
    }

    @Test
    void aPeerThatNeverFinishesIsClosedAfterTheLingerAndNotBefore() throws InterruptedException {
        LingeringWriter writer = new LingeringWriter(transport, Duration.ofMillis(500));

        long start = System.nanoTime();
        writer.close();

        assertTrue(transport.closed.await(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500));
        writer.peerFinished();
        assertEquals(1, transport.closes.get());
    }

    @Test
    void writesGoStraightThrough() {
        LingeringWriter writer = new LingeringWriter(transport, Duration.ofMinutes(1));

        writer.write(ByteBuffer.allocate(3), new CompletionHandler<>() { });

        assertEquals(3, transport.written.get());
    }

    /** The socket under the writer: counts what reaches it. */
    private static final class CountingTransport extends Writer {
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
            written.addAndGet(buffer.remaining());
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }
}
