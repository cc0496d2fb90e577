package io.wshub.testing;

import io.wshub.broker.LocalBroker;
import io.wshub.broker.LocalDelivery;
import io.wshub.chat.ChatService;
import io.wshub.chat.ClaimsRoomPolicy;
import io.wshub.chat.LocalMailbox;
import io.wshub.chat.LocalRoomLogs;
import io.wshub.chat.Mailbox;
import io.wshub.chat.RoomLogs;
import io.wshub.chat.RoomPolicy;
import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import io.wshub.counter.CounterService;
import io.wshub.counter.LocalCounterStore;
import io.wshub.feed.FeedService;
import io.wshub.feed.LocalTopicSequences;
import io.wshub.presence.LocalPresence;
import io.wshub.session.Lifecycle;
import io.wshub.session.Node;
import io.wshub.session.SessionRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** One node's parts wired as CDI wires them, with the in-memory stores, for tests outside CDI. */
public final class LocalNode implements AutoCloseable {

    public final Clock clock;
    public final Lifecycle lifecycle;
    public final SessionRegistry registry;
    public final LocalBroker broker = new LocalBroker();
    public final Scheduler scheduler = Scheduler.standalone();
    public final LocalDelivery delivery;
    public final LocalPresence presence = new LocalPresence();
    public final Node node = new Node("test-node");

    public LocalNode(Clock clock, Lifecycle lifecycle) {
        this(clock, lifecycle, new Settings(name -> null, new Properties()));
    }

    public LocalNode(Clock clock, Lifecycle lifecycle, Settings settings) {
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.registry = new SessionRegistry(settings, lifecycle, clock);
        this.delivery = new LocalDelivery(registry, broker, scheduler);
    }

    /** Room logs kept for an hour, dropped when empty and nobody is in the room's presence. */
    public LocalRoomLogs roomLogs(int perRoom, long totalMessages, long totalChars) {
        return new LocalRoomLogs(new LocalRoomLogs.Limits(perRoom, Duration.ofHours(1), totalMessages, totalChars),
                clock, room -> !presence.users(ChatService.roomGroup(room)).isEmpty());
    }

    public ChatService chat(RoomLogs logs, Mailbox mailbox, ChatService.Limits limits) {
        return chat(logs, mailbox, limits, new ClaimsRoomPolicy());
    }

    public ChatService chat(RoomLogs logs, Mailbox mailbox, ChatService.Limits limits, RoomPolicy policy) {
        return new ChatService(delivery, broker, logs, presence, mailbox, policy, clock, lifecycle, node, limits);
    }

    /** Chat with mailboxes of {@code mailboxSize} letters kept for a week. */
    public ChatService chat(RoomLogs logs, int mailboxSize, ChatService.Limits limits) {
        return chat(logs, mailboxSize, limits, new ClaimsRoomPolicy());
    }

    public ChatService chat(RoomLogs logs, int mailboxSize, ChatService.Limits limits, RoomPolicy policy) {
        return chat(logs, new LocalMailbox(mailboxSize, 1_000, Long.MAX_VALUE, Duration.ofDays(7), clock), limits,
                policy);
    }

    public FeedService feeds() {
        return feeds(new LocalTopicSequences(registry));
    }

    public FeedService feeds(LocalTopicSequences sequences) {
        return new FeedService(delivery, broker, sequences, registry, clock, TestJson.RAW);
    }

    public CounterService counter() {
        return new CounterService(delivery, broker, presence, new LocalCounterStore(), node);
    }

    @Override
    public void close() {
        registry.shutdown();
        scheduler.shutdown();
    }
}
