package io.wshub.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a container's async remote that records what is sent and checks the container's rule: never two
 * sends in flight. How a send completes is up to the test: on another thread, inline, later by hand, or failing.
 */
final class FakeTransport implements Transport {

    enum Completion { INLINE, EXECUTOR, MANUAL }

    private final Completion completion;
    private final Executor executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> sent = new ArrayList<>();
    private final ConcurrentLinkedQueue<SendCompletion> pending = new ConcurrentLinkedQueue<>();
    private final List<CloseFrame> closes = new ArrayList<>();
    private volatile Throwable failWith;
    private volatile Throwable throwOn;
    private volatile String throwFor;

    FakeTransport(Completion completion, Executor executor) {
        this.completion = completion;
        this.executor = executor;
    }

    static FakeTransport inline() {
        return new FakeTransport(Completion.INLINE, null);
    }

    static FakeTransport manual() {
        return new FakeTransport(Completion.MANUAL, null);
    }

    void failNextSendsWith(Throwable failure) {
        failWith = failure;
    }

    /** Makes the send call itself throw, before anything is written, for every text equal to {@code text}. */
    void throwOnText(String text, Throwable thrown) {
        throwFor = text;
        throwOn = thrown;
    }

    @Override
    public void sendText(String text, SendCompletion handler) {
        record(text, handler);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCompletion handler) {
        record(StandardCharsets.UTF_8.decode(data).toString(), handler);
    }


    @Override
    public void sendPing(ByteBuffer payload, SendCompletion handler) {
        record("(ping)", handler);
    }

    private volatile boolean closedByContainer;

    /** As a container that has begun to close the connection itself. */
    void closeByContainer() {
        closedByContainer = true;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closedByContainer && closes.isEmpty();
    }

    @Override
    public synchronized void close(CloseFrame reason) {
        closes.add(reason);
    }

    /** Completes the oldest send left pending by a {@link Completion#MANUAL} transport. */
    void completeOne() {
        SendCompletion handler = pending.poll();
        if (handler == null) {
            throw new AssertionError("no send in flight");
        }
        finish(handler);
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    synchronized List<CloseFrame> closes() {
        return List.copyOf(closes);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void record(String message, SendCompletion handler) {
        if (throwOn != null && message.equals(throwFor)) {
            sneakyThrow(throwOn);
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        synchronized (this) {
            sent.add(message);
        }
        switch (completion) {
            case INLINE -> finish(handler);
            case EXECUTOR -> executor.execute(() -> finish(handler));
            case MANUAL -> pending.add(handler);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable thrown) throws T {
        throw (T) thrown;
    }

    private void finish(SendCompletion handler) {
        inFlight.decrementAndGet();
        Throwable failure = failWith;
        handler.completed(failure);
    }
}
