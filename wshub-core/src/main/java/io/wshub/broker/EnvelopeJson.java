package io.wshub.broker;

import io.wshub.json.RawJson;
import io.wshub.session.Broadcast;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;

import java.io.StringReader;
import java.lang.reflect.RecordComponent;

/**
 * An envelope as it travels between nodes: its target, exception and order as JSON, and its message in wshub's own
 * format with, for wshub's own records, the record's class, which the receiving node reads it back into. Any other
 * message (an application's record, a map, a string) comes back as the JSON value it was written as, which every
 * wire format writes as the sender's would have: no class named by a peer is ever loaded but wshub's records.
 * Thread-safe: the {@code Jsonb} is.
 */
final class EnvelopeJson {

    private static final String OWN_RECORDS = "io.wshub.";

    private final Jsonb jsonb;
    private final RawJson json;

    EnvelopeJson(Jsonb jsonb) {
        this.jsonb = jsonb;
        this.json = new RawJson(jsonb);
    }

    /** @throws IllegalArgumentException if wshub's own format cannot carry the message */
    String write(Envelope envelope) {
        Object message = envelope.message().message();
        JsonObjectBuilder written = Json.createObjectBuilder();
        if (envelope.target() instanceof Envelope.Group group) {
            written.add("group", group.name());
        } else if (envelope.target() instanceof Envelope.User user) {
            written.add("user", user.name());
        } else {
            written.add("everybody", true);
        }
        if (envelope.except() != null) {
            written.add("except", envelope.except());
        }
        Envelope.Order order = envelope.order();
        if (order != null) {
            written.add("order", Json.createObjectBuilder().add("stream", order.stream()).add("epoch", order.epoch())
                    .add("seq", order.seq()).add("contiguous", order.contiguous()));
        }
        if (message.getClass().isRecord() && message.getClass().getName().startsWith(OWN_RECORDS)) {
            written.add("record", message.getClass().getName());
        }
        return written.add("message", json.encode(message)).build().toString();
    }

    /** @throws IllegalArgumentException if the text is not an envelope this class wrote */
    Envelope read(String text) {
        try {
            JsonObject read = Json.createReader(new StringReader(text)).readObject();
            Envelope.Target target = read.containsKey("group") ? new Envelope.Group(read.getString("group"))
                    : read.containsKey("user") ? new Envelope.User(read.getString("user")) : new Envelope.Everybody();
            JsonObject order = read.getJsonObject("order");
            return new Envelope(target, Broadcast.of(message(read)), read.getString("except", null),
                    order == null ? null : new Envelope.Order(order.getString("stream"), order.getString("epoch"),
                            order.getJsonNumber("seq").longValueExact(), order.getBoolean("contiguous")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an envelope: " + e.getMessage(), e);
        }
    }

    private Object message(JsonObject read) {
        String message = read.getString("message");
        String record = read.getString("record", null);
        if (record == null) {
            JsonValue value = Json.createReader(new StringReader(message)).readValue();
            return value instanceof JsonString string ? string.getString() : value;
        }
        if (!record.startsWith(OWN_RECORDS)) {
            throw new IllegalArgumentException("a record of another project: " + record);
        }
        Class<?> type;
        try {
            type = Class.forName(record, false, EnvelopeJson.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no such record: " + record, e);
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException("not a record: " + record);
        }
        return record(type, Json.createReader(new StringReader(message)).readObject());
    }

    /**
     * A record from its JSON, through its canonical constructor, each component read by its name and type: JSON-B
     * would need the compiler's parameter names, and refuses a record with a second constructor, as most of wshub's
     * messages have.
     */
    private Object record(Class<?> type, JsonObject json) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            JsonValue value = json.get(components[i].getName());
            if (value == null || value == JsonValue.NULL) {
                values[i] = types[i].isPrimitive() ? jsonb.fromJson(types[i] == boolean.class ? "false" : "0", types[i])
                        : null;
            } else if (types[i].isRecord()) {
                values[i] = record(types[i], value.asJsonObject());
            } else {
                values[i] = jsonb.fromJson(value.toString(), components[i].getGenericType());
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a " + type.getName() + ": " + e, e);
        }
    }
}
