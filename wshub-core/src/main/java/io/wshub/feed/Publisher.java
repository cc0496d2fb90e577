package io.wshub.feed;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.chat.ChatService;
import io.wshub.chat.Mailbox;
import io.wshub.json.RawJson;
import io.wshub.session.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What server code injects to push to clients: a feed topic, every connection of a user, the members of a chat
 * room, or everybody. Each message is serialized once per wire format, however many connections receive it, and goes
 * through each connection's outbox. The portable counterpart of OmniFaces' {@code PushContext}.
 * <pre>
 * &#64;Inject Publisher publisher;
 * publisher.toTopic("prices", new Price("ACME", 12.5));     // {"type":"feed","topic":"prices","seq":..,"data":{...}}
 * publisher.toUser("alice", new Notice("notice", "done"));  // {"type":"notice","text":"done"} to alice's tabs
 * publisher.privately("billing", "alice", "paid");          // a private message, kept until alice connects
 * </pre>
 * A message with a string that is not valid Unicode (a lone surrogate) is refused with an
 * {@link IllegalArgumentException} and reaches nobody. Thread-safe.
 */
@ApplicationScoped
public class Publisher {

    private final FeedService feeds;
    private final ChatService chat;
    private final Broker broker;
    private final RawJson json;

    /** For CDI's client proxy only. */
    protected Publisher() {
        this(null, null, null, null);
    }

    @Inject
    public Publisher(FeedService feeds, ChatService chat, Broker broker, RawJson json) {
        this.feeds = feeds;
        this.chat = chat;
        this.broker = broker;
        this.json = json;
    }

    /**
     * Publishes {@code data} as the next item of a feed topic.
     *
     * @return the item's seq
     * @throws IllegalArgumentException if the topic name is invalid
     */
    public long toTopic(String topic, Object data) {
        return feeds.publish(topic, data);
    }

    /** Sends {@code message} to every open connection of a user. @return how many connections took it */
    public int toUser(String user, Object message) {
        return broker.publish(Envelope.toUser(user, checked(message)));
    }

    /**
     * Sends a private message, as a chat user's whisper: to the recipient's chat connections, or kept in their
     * mailbox until they connect. Where identities are verified, this is how a mailbox is made for a user who has
     * never connected.
     *
     * @return {@code ONLINE}, {@code STORED}, or {@code FULL} (the recipient's mailbox or the store is full: not kept)
     * @throws IllegalArgumentException if either name is not a usable user name, or the text is empty, longer than
     *                                  {@code max-text-length} or not valid Unicode
     */
    public Mailbox.Outcome privately(String from, String to, String text) {
        return chat.letter(from, to, text);
    }

    /** Sends {@code message} to the members of a chat room. @return how many connections took it */
    public int toRoom(String room, Object message) {
        return broker.publish(Envelope.to(ChatService.roomGroup(room), checked(message)));
    }

    /** Sends {@code message} to every open connection. @return how many connections took it */
    public int toEverybody(Object message) {
        return broker.publish(Envelope.toEverybody(checked(message)));
    }

    /** The message as a broadcast, refused here if wshub's own format cannot carry it: then no format can. */
    private Broadcast checked(Object message) {
        Broadcast broadcast = Broadcast.of(message);
        broadcast.encodedIn(json);
        return broadcast;
    }
}
