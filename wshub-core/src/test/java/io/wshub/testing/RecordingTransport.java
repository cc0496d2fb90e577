package io.wshub.testing;

import io.wshub.session.CloseFrame;
import io.wshub.session.SendCompletion;
import io.wshub.session.Transport;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport for service tests: every send succeeds at once; what was sent is kept as text, as the connection's
 * wire format wrote it, and can be read back as JSON objects.
 */
public final class RecordingTransport implements Transport {

    private final List<String> sent = new ArrayList<>();
    private final List<String> sentBinary = new ArrayList<>();
    private final List<CloseFrame> closes = new ArrayList<>();
    private int pings;

    @Override
    public synchronized void sendText(String text, SendCompletion handler) {
        sent.add(text);
        handler.completed(null);
    }

    @Override
    public synchronized void sendBinary(ByteBuffer data, SendCompletion handler) {
        sentBinary.add(StandardCharsets.UTF_8.decode(data).toString());
        handler.completed(null);
    }

    /** The binary messages sent so far, each decoded as UTF-8. */
    public synchronized List<String> sentBinary() {
        return List.copyOf(sentBinary);
    }

    /** Pings are counted, not recorded among the messages. */
    @Override
    public synchronized void sendPing(ByteBuffer payload, SendCompletion handler) {
        pings++;
        handler.completed(null);
    }

    public synchronized int pings() {
        return pings;
    }

    @Override
    public synchronized void close(CloseFrame reason) {
        closes.add(reason);
    }

    @Override
    public synchronized boolean isOpen() {
        return closes.isEmpty();
    }

    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    /** Everything sent so far, parsed, and forgotten. */
    public synchronized List<JsonObject> drain() {
        List<JsonObject> messages = sent.stream()
                .map(text -> jakarta.json.Json.createReader(new StringReader(text)).readObject())
                .toList();
        sent.clear();
        return messages;
    }

    /** The messages of one type among those sent so far, which are all forgotten. */
    public List<JsonObject> drain(String type) {
        return drain().stream().filter(message -> type.equals(message.getString("type"))).toList();
    }

    public synchronized List<CloseFrame> closes() {
        return List.copyOf(closes);
    }
}
