package io.wshub.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client for the ITs on the JDK's {@code java.net.http.WebSocket}: whole messages into a queue, the
 * close code kept. Every wait is bounded.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** A close frame received from the server, or 1006 when the connection broke without one. */
    public record Close(int code, String reason) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket socket;

    private WsClient() {
    }

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** Connects offering these subprotocols, with these headers. */
    public static WsClient connect(URI uri, List<String> subprotocols, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT)
                .subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** The subprotocol the server chose among those offered ("" for none); the connection is closed again. */
    public static String negotiatedSubprotocol(URI uri, String first, String... more) {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(WAIT).subprotocols(first, more)
                .buildAsync(uri, client).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        try (client) {
            return client.socket.getSubprotocol();
        }
    }

    /** The HTTP status of a handshake: 101 if it was upgraded (then closed again), else the refusal's status. */
    public static int handshakeStatus(URI uri, Map<String, String> headers) {
        try (WsClient client = connect(uri, headers)) {
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String message) {
        socket.sendText(message, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public void send(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /**
     * Sends a message the server is expected to refuse by closing: it may close as soon as it has read the frame's
     * header, before the whole message is written, so a failed write is not an error here.
     */
    public void sendRefused(String message) {
        try {
            send(message);
        } catch (CompletionException closedWhileSending) {
            // the close code tells what happened
        }
    }

    /** As {@link #sendRefused(String)}, for a binary message. */
    public void sendRefused(byte[] message) {
        try {
            send(message);
        } catch (CompletionException closedWhileSending) {
            // the close code tells what happened
        }
    }

    /** The next whole text message; fails if none arrives in time or the next one is binary. */
    public String nextText() {
        Object message = next();
        if (message instanceof String string) {
            return string;
        }
        throw new AssertionError("expected a text message, got " + describe(message));
    }

    /** The next whole binary message; fails if none arrives in time or the next one is text. */
    public byte[] nextBinary() {
        Object message = next();
        if (message instanceof byte[] bytes) {
            return bytes;
        }
        throw new AssertionError("expected a binary message, got " + describe(message));
    }

    /** Whether a message arrives within the given time; it is consumed. */
    public boolean receivesWithin(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
    }

    /** Waits for the server to close the connection. */
    public Close awaitClose() {
        try {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT, e);
        }
    }

    /** Closes normally and waits for the server's answering close frame. */
    public void closeAndAwait() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        awaitClose();
        socket.abort();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            inbox.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binary.writeBytes(part);
        if (last) {
            inbox.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(failure -> null).join();
        }
        socket.abort();
    }

    private Object next() {
        try {
            Object message = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + WAIT
                        + (closed.isDone() ? "; the connection was closed: " + closed.join() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String describe(Object message) {
        return message instanceof byte[] bytes ? bytes.length + " bytes" : "\"" + message + "\"";
    }
}
