package io.wshub.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** A {@link WsClient} that speaks JSON: builds commands, parses what arrives, and finds messages by type. */
final class JsonClient implements AutoCloseable {

    private static final int MAX_SKIPPED = 200;

    private final WsClient ws;

    JsonClient(WsClient ws) {
        this.ws = ws;
    }

    WsClient ws() {
        return ws;
    }

    /** Sends a command of the given type with string, number and boolean fields given as name, value pairs. */
    void send(String type, Object... fields) {
        JsonObjectBuilder command = Json.createObjectBuilder().add("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            Object value = fields[i + 1];
            if (value instanceof Number number) {
                command.add(name, number.longValue());
            } else {
                command.add(name, String.valueOf(value));
            }
        }
        ws.send(command.build().toString());
    }

    JsonObject next() {
        return Json.createReader(new StringReader(ws.nextText())).readObject();
    }

    /** The next message of the given type, skipping messages of other types (presence, joined, ...). */
    JsonObject next(String type) {
        return next(type, MAX_SKIPPED);
    }

    /** As {@link #next(String)}, skipping at most {@code maxSkipped} messages. */
    JsonObject next(String type, int maxSkipped) {
        List<String> skipped = new ArrayList<>();
        while (skipped.size() < maxSkipped) {
            JsonObject message = next();
            if (type.equals(message.getString("type"))) {
                return message;
            }
            skipped.add(message.getString("type"));
        }
        throw new AssertionError("no \"" + type + "\" among the next " + maxSkipped + " messages: "
                + skipped.subList(Math.max(0, skipped.size() - 20), skipped.size()));
    }

    @Override
    public void close() {
        ws.close();
    }
}
