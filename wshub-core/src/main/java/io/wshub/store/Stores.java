package io.wshub.store;

import io.wshub.broker.Broker;
import io.wshub.broker.LocalBroker;
import io.wshub.chat.LocalMailbox;
import io.wshub.chat.LocalRoomLogs;
import io.wshub.chat.Mailbox;
import io.wshub.chat.RoomLogs;
import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import io.wshub.counter.CounterStore;
import io.wshub.counter.LocalCounterStore;
import io.wshub.feed.LocalTopicSequences;
import io.wshub.feed.TopicSequences;
import io.wshub.presence.LocalPresence;
import io.wshub.presence.Presence;
import io.wshub.security.LocalTickets;
import io.wshub.security.TicketOffice;
import io.wshub.security.Tickets;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * Which implementation of each store, and of the broker, this node uses: chosen by the {@code store} setting, here
 * and nowhere else. {@code memory} keeps everything in this process (one node); a cluster store adds its case to
 * each producer. The services see only the interfaces. Stateless.
 */
@ApplicationScoped
public class Stores {

    @Produces
    @ApplicationScoped
    RoomLogs roomLogs(Settings settings, Clock clock, Presence presence, Scheduler scheduler) {
        return switch (settings.store()) {
            case MEMORY -> new LocalRoomLogs(settings, clock, presence, scheduler);
        };
    }

    @Produces
    @ApplicationScoped
    Presence presence(Settings settings) {
        return switch (settings.store()) {
            case MEMORY -> new LocalPresence();
        };
    }

    @Produces
    @ApplicationScoped
    Mailbox mailbox(Settings settings, Clock clock, Scheduler scheduler) {
        return switch (settings.store()) {
            case MEMORY -> new LocalMailbox(settings, clock, scheduler);
        };
    }

    @Produces
    @ApplicationScoped
    CounterStore counterStore(Settings settings) {
        return switch (settings.store()) {
            case MEMORY -> new LocalCounterStore();
        };
    }

    @Produces
    @ApplicationScoped
    TopicSequences topicSequences(Settings settings, SessionRegistry registry) {
        return switch (settings.store()) {
            case MEMORY -> new LocalTopicSequences(registry);
        };
    }

    @Produces
    @ApplicationScoped
    Tickets tickets(Settings settings, Clock clock, Scheduler scheduler) {
        return switch (settings.store()) {
            case MEMORY -> new LocalTickets(TicketOffice.TOTAL_CHARS, clock, scheduler);
        };
    }

    @Produces
    @ApplicationScoped
    Broker broker(Settings settings) {
        return switch (settings.store()) {
            case MEMORY -> new LocalBroker();
        };
    }
}
