package io.wshub.chat;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.broker.LocalDelivery;
import io.wshub.chat.message.ChatCommand;
import io.wshub.chat.message.ChatEvent;
import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.JsonInput;
import io.wshub.presence.Presence;
import io.wshub.security.Identity;
import io.wshub.session.Broadcast;
import io.wshub.session.CloseFrame;
import io.wshub.session.Connection;
import io.wshub.session.ConnectionEvent;
import io.wshub.session.Lifecycle;
import io.wshub.session.Node;
import io.wshub.session.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Group and private chat, for both chat endpoints: rooms with presence, per-room sequence numbers, history and
 * resume, acknowledgements with de-duplication, and private messages kept for offline users.
 * <p>
 * The sender of every message is the connection's handshake identity. A room message gets its seq from the room's
 * log and goes out through the broker; the {@link LocalDelivery} of each node hands the room's messages to its
 * members in seq order. Private messages follow the protocol of {@link Mailbox}. Thread-safe: the state lives in
 * the thread-safe delivery, broker, logs, presence and mailbox; this class holds settings and the locks that
 * order a user's letters with the user's arrivals and departures.
 */
@ApplicationScoped
public class ChatService {

    /** A valid room name. */
    public static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static final CloseFrame INVALID_ROOM_CLOSE = new CloseFrame(1008, "invalid room name");
    static final CloseFrame FORBIDDEN_ROOM_CLOSE = new CloseFrame(1008, "room not allowed");

    private final LocalDelivery delivery;
    private final Broker broker;
    private final RoomLogs logs;
    private final Presence presence;
    private final Mailbox mailbox;
    private final RoomPolicy policy;
    private final Clock clock;
    private final Lifecycle lifecycle;
    private final Node node;
    private final Limits limits;
    private final RecentWhispers recentWhispers;
    private final InboxLocks inboxLocks = new InboxLocks();

    /**
     * The bounds the service enforces.
     *
     * @param maxTextLength characters per message text
     * @param maxRooms      rooms per connection
     * @param historySize   messages kept per room: a resume sends up to this many at once
     * @param mailboxSize   letters kept per offline user: a new connection receives up to this many at once
     * @param rate          commands per second per connection, on average
     * @param burst         commands per connection at once
     * @param resendWindow  how long a private message's client id is remembered, against resends
     */
    public record Limits(int maxTextLength, int maxRooms, int historySize, int mailboxSize, int rate, int burst,
                         Duration resendWindow) {

        static Limits of(Settings settings) {
            return new Limits(settings.maxTextLength(), settings.maxRoomsPerConnection(), settings.historySize(),
                    settings.mailboxSize(), settings.messageRate(), settings.messageBurst(), settings.historyAge());
        }
    }

    /** Private-message ids remembered against resends, for all senders together. */
    static final int WHISPER_IDS_KEPT = 20_000;

    /** For CDI's client proxy only. */
    protected ChatService() {
        this(null, null, null, null, null, null, null, null, null, (Limits) null);
    }

    @Inject
    public ChatService(LocalDelivery delivery, Broker broker, RoomLogs logs, Presence presence, Mailbox mailbox,
                       RoomPolicy policy, Clock clock, Lifecycle lifecycle, Node node, Settings settings) {
        this(delivery, broker, logs, presence, mailbox, policy, clock, lifecycle, node, Limits.of(settings));
    }

    public ChatService(LocalDelivery delivery, Broker broker, RoomLogs logs, Presence presence, Mailbox mailbox,
                       RoomPolicy policy, Clock clock, Lifecycle lifecycle, Node node, Limits limits) {
        this.delivery = delivery;
        this.broker = broker;
        this.logs = logs;
        this.presence = presence;
        this.mailbox = mailbox;
        this.policy = policy;
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.node = node;
        this.limits = limits;
        this.recentWhispers = limits == null ? null
                : new RecentWhispers(WHISPER_IDS_KEPT, limits.resendWindow(), clock);
    }

    /** The registry group of a room's connections. */
    public static String roomGroup(String room) {
        return "room:" + room;
    }

    /** The registry group of a user's chat connections, on either endpoint. */
    public static String inboxGroup(String user) {
        return "inbox:" + user;
    }

    /**
     * How many messages a chat connection's outbox holds: a full mailbox and a full history replay, which can each
     * arrive at once, on top of the usual queue.
     */
    public int outboxCapacity(int usual) {
        return usual + limits.mailboxSize() + limits.historySize();
    }

    /**
     * Starts the chat side of a new connection: makes it reachable for private messages and hands it those that
     * waited (step 2 of {@link Mailbox}'s protocol), then joins its own room, if it has one. An invalid room name
     * closes the connection with 1008.
     */
    public ChatMember open(Connection connection, String home) {
        ChatMember member = new ChatMember(connection, home, new RateLimiter(clock, limits.rate(), limits.burst()));
        if (home != null && !ROOM_NAME.matcher(home).matches()) {
            error(member, null, ChatErrors.INVALID_ROOM, "a room name is 1 to 64 of letters, digits, '_', '.', '-'");
            connection.close(INVALID_ROOM_CLOSE);
            return member;
        }
        if (home != null && !allowed(member, null, home, RoomPolicy.Action.JOIN)) {
            connection.close(FORBIDDEN_ROOM_CLOSE);
            return member;
        }
        String user = member.user();
        inboxLocks.transition(user, () -> {
            LocalDelivery.Holding holding = delivery.joinHeld(connection, inboxGroup(user), limits.mailboxSize());
            List<Mailbox.Letter> waiting = List.of();
            int taken;
            try {
                waiting = mailbox.arrive(user, connection.id());
            } finally {
                // a store that failed leaves nothing held back for good
                taken = holding.release(waiting.stream().map(Mailbox.Letter::message).toList());
            }
            if (taken < waiting.size()) {
                mailbox.restore(user, waiting.subList(taken, waiting.size()));
            }
            return null;
        });
        if (home != null) {
            join(member, home, null);
        }
        return member;
    }

    /**
     * Ends the chat side of a connection: it goes offline for private messages (step 3 of {@link Mailbox}'s
     * protocol) and leaves its rooms; their members learn of it if it was the user's last tab there.
     */
    public void close(ChatMember member) {
        inboxLocks.transition(member.user(), () -> {
            mailbox.depart(member.user(), member.connection().id());
            return delivery.leave(member.connection(), inboxGroup(member.user()));
        });
        for (String room : member.rooms()) {
            exit(member, room);
        }
    }

    public void handle(ChatMember member, ChatCommand command) {
        if (!member.withinRate()) {
            error(member, command.id(), ErrorCode.RATE_LIMITED,
                    "more than " + limits.rate() + " commands a second; this one was not carried out");
        } else if (command instanceof ChatCommand.Say say) {
            say(member, say);
        } else if (command instanceof ChatCommand.Join join) {
            if (validRoom(member, join.id(), join.room())
                    && allowed(member, join.id(), join.room(), RoomPolicy.Action.JOIN)) {
                join(member, join.room(), join.id());
            }
        } else if (command instanceof ChatCommand.Leave leave) {
            leave(member, leave);
        } else if (command instanceof ChatCommand.Rooms rooms) {
            member.connection().sendTyped(new ChatEvent.Rooms(rooms.id(), member.rooms()));
        } else if (command instanceof ChatCommand.Whisper whisper) {
            whisper(member, whisper);
        } else if (command instanceof ChatCommand.Resume resume) {
            resume(member, resume);
        }
    }

    private void say(ChatMember member, ChatCommand.Say say) {
        String room = say.room() != null ? say.room() : member.home();
        if (room == null) {
            error(member, say.id(), ErrorCode.BAD_REQUEST, "\"room\" is required here");
            return;
        }
        if (!validRoom(member, say.id(), room) || !validText(member, say.id(), say.text())
                || !inRoom(member, say.id(), room) || !allowed(member, say.id(), room, RoomPolicy.Action.POST)) {
            return;
        }
        RoomLogs.Posted appended = logs.append(room, member.user(), say.id(), say.text());
        if (appended.outcome() == RoomLogs.Outcome.POSTED) {
            broker.publish(roomMessage(room, appended.epoch(), appended.message()));
        }
        if (appended.outcome() == RoomLogs.Outcome.CONFLICT) {
            error(member, say.id(), ChatErrors.ID_REUSED, "id \"" + say.id() + "\" was already used for message "
                    + appended.message().message().seq() + " with another text; use a fresh id for a new message");
            return;
        }
        if (say.id() != null) {
            member.connection().sendTyped(ChatEvent.Ack.seq(say.id(), appended.message().message().seq()));
        }
    }

    private void join(ChatMember member, String room, String id) {
        Connection connection = member.connection();
        if (!member.isIn(room) && member.rooms().size() >= limits.maxRooms()) {
            error(member, id, ChatErrors.TOO_MANY_ROOMS,
                    "a connection may be in " + limits.maxRooms() + " rooms at most");
            return;
        }
        // in the room's presence before its head is read: a log whose room has somebody in it is never dropped
        Presence.Change entered = presence.enter(roomGroup(room), entry(member));
        LocalDelivery.Joined joined = delivery.join(connection, roomGroup(room), roomGroup(room), roomStream(room),
                position -> new ChatEvent.Presence(room, presence.users(roomGroup(room)), position.epoch()));
        if (joined.joined()) {
            member.joined(room, joined.position().seq());
            lifecycle.announce(new ConnectionEvent.JoinedRoom(connection.id(), member.user(), room));
            if (entered.transition()) {
                broker.publish(Envelope.toGroupExcept(roomGroup(room),
                        Broadcast.of(ChatEvent.Membership.joined(room, member.user())), connection.id()));
            }
        } else if (!member.isIn(room)) {
            // the connection was closed meanwhile: it never got in
            presence.exit(roomGroup(room), entry(member));
        }
        ack(member, id);
    }

    private void leave(ChatMember member, ChatCommand.Leave leave) {
        if (validRoom(member, leave.id(), leave.room()) && inRoom(member, leave.id(), leave.room())) {
            exit(member, leave.room());
            ack(member, leave.id());
        }
    }

    private void exit(ChatMember member, String room) {
        // the member's own record decides: the registry has already forgotten a connection it dropped
        boolean left = member.left(room);
        delivery.leave(member.connection(), roomGroup(room));
        if (left) {
            lifecycle.announce(new ConnectionEvent.LeftRoom(member.connection().id(), member.user(), room));
            if (presence.exit(roomGroup(room), entry(member)).transition()) {
                broker.publish(Envelope.to(roomGroup(room),
                        Broadcast.of(ChatEvent.Membership.left(room, member.user()))));
            }
        }
    }

    private void whisper(ChatMember member, ChatCommand.Whisper whisper) {
        String to = whisper.to();
        if (!Identity.isUsableName(to)) {
            error(member, whisper.id(), ChatErrors.INVALID_USER,
                    "\"to\" must be a user name: " + Identity.USABLE_NAME_RULE);
            return;
        }
        if (!validText(member, whisper.id(), whisper.text())) {
            return;
        }
        String from = member.user();
        ChatEvent.Private message = new ChatEvent.Private(from, to, whisper.text(), clock.instant().toString(),
                whisper.id());
        Mailbox.Outcome outcome;
        if (whisper.id() == null) {
            outcome = deliver(message, member.connection().id());
        } else {
            RecentWhispers.Seen seen = recentWhispers.once(from, whisper.id(), to, whisper.text(),
                    () -> deliver(message, member.connection().id()));
            if (seen.conflict()) {
                error(member, whisper.id(), ChatErrors.ID_REUSED, "id \"" + whisper.id()
                        + "\" was already used for another private message; use a fresh id for a new message");
                return;
            }
            outcome = seen.outcome();
        }
        if (outcome == Mailbox.Outcome.FULL) {
            error(member, whisper.id(), ChatErrors.MAILBOX_FULL,
                    "no room to keep a message for " + to + " until they connect; it was not kept");
            return;
        }
        if (outcome == Mailbox.Outcome.UNKNOWN_USER) {
            error(member, whisper.id(), ChatErrors.UNKNOWN_USER,
                    to + " has never connected here; private messages go only to users who have");
            return;
        }
        if (whisper.id() != null) {
            member.connection().sendTyped(ChatEvent.Ack.status(whisper.id(),
                    outcome == Mailbox.Outcome.ONLINE ? "delivered" : "stored"));
        }
    }

    /**
     * Sends a private message from server code: to the recipient's chat connections, or kept until they connect, as
     * a whisper is; the recipient becomes known to a closed mailbox. The sender's own chat connections get a copy.
     *
     * @return {@code ONLINE}, {@code STORED} or {@code FULL}
     * @throws IllegalArgumentException if either name is not usable, or the text is empty, too long or not valid
     *                                  Unicode (a lone surrogate)
     */
    public Mailbox.Outcome letter(String from, String to, String text) {
        if (!Identity.isUsableName(from) || !Identity.isUsableName(to)) {
            throw new IllegalArgumentException("a user name must be " + Identity.USABLE_NAME_RULE);
        }
        if (text == null || text.isEmpty() || text.codePointCount(0, text.length()) > limits.maxTextLength()
                || !JsonInput.isValidUnicode(text)) {
            throw new IllegalArgumentException("a text is 1 to " + limits.maxTextLength()
                    + " characters of valid Unicode");
        }
        mailbox.introduce(to);
        return deliver(new ChatEvent.Private(from, to, text, clock.instant().toString(), null), null);
    }

    /**
     * Step 1 of {@link Mailbox}'s protocol, then the copy to the sender's other chat connections.
     *
     * @param senderConnection the sender's connection that needs no copy, or null
     */
    private Mailbox.Outcome deliver(ChatEvent.Private message, String senderConnection) {
        String to = message.to();
        Broadcast broadcast = Broadcast.of(message);
        Mailbox.Letter letter = new Mailbox.Letter(message, clock.instant());
        Mailbox.Outcome delivered = inboxLocks.letter(to, () -> {
            Mailbox.Outcome decided = mailbox.storeUnlessOnline(to, letter);
            if (decided == Mailbox.Outcome.ONLINE && broker.publish(Envelope.to(inboxGroup(to), broadcast)) == 0) {
                return mailbox.store(to, letter);
            }
            return decided;
        });
        boolean kept = delivered == Mailbox.Outcome.ONLINE || delivered == Mailbox.Outcome.STORED;
        if (kept && !to.equals(message.from())) {
            broker.publish(senderConnection == null ? Envelope.to(inboxGroup(message.from()), broadcast)
                    : Envelope.toGroupExcept(inboxGroup(message.from()), broadcast, senderConnection));
        }
        return delivered;
    }

    private void resume(ChatMember member, ChatCommand.Resume resume) {
        String room = resume.room();
        if (!validRoom(member, resume.id(), room)) {
            return;
        }
        if (resume.after() == null || resume.after() < 0) {
            error(member, resume.id(), ErrorCode.BAD_REQUEST, "\"after\" must be a seq, 0 or more");
            return;
        }
        if (!inRoom(member, resume.id(), room)
                || !allowed(member, resume.id(), room, RoomPolicy.Action.READ_HISTORY)) {
            return;
        }
        Connection connection = member.connection();
        // only up to the join: everything after it was delivered live
        RoomLogs.Replay replay = logs.since(room, resume.epoch(), resume.after(), member.joinedAt(room));
        connection.sendTyped(new ChatEvent.Resumed(room, replay.recovered(), replay.after(), replay.epoch()));
        replay.messages().forEach(stored -> connection.sendTyped(stored.message()));
        ack(member, resume.id());
    }

    /** A room message as it travels: in the order of the room's stream. */
    private static Envelope roomMessage(String room, String epoch, StoredMessage message) {
        return Envelope.inOrder(roomGroup(room), Broadcast.of(message.message()),
                new Envelope.Order(roomGroup(room), epoch, message.message().seq(), true));
    }

    /** A room's log, as the delivery sees it: where it stands, and the messages it missed. */
    private LocalDelivery.Stream roomStream(String room) {
        return new LocalDelivery.Stream() {
            @Override
            public LocalDelivery.Position head() {
                RoomLogs.Head head = logs.head(room);
                return new LocalDelivery.Position(head.epoch(), head.lastSeq());
            }

            @Override
            public List<Envelope> missing(LocalDelivery.Position from, long upTo) {
                RoomLogs.Replay replay = logs.since(room, from.epoch(), from.seq(), upTo);
                if (!replay.epoch().equals(from.epoch())) {
                    return List.of();
                }
                return replay.messages().stream().map(message -> roomMessage(room, replay.epoch(), message)).toList();
            }
        };
    }

    private Presence.Entry entry(ChatMember member) {
        return new Presence.Entry(member.user(), member.connection().id(), node.id());
    }

    private boolean validRoom(ChatMember member, String id, String room) {
        if (room != null && ROOM_NAME.matcher(room).matches()) {
            return true;
        }
        error(member, id, ChatErrors.INVALID_ROOM, "a room name is 1 to 64 of letters, digits, '_', '.', '-'");
        return false;
    }

    private boolean validText(ChatMember member, String id, String text) {
        if (text == null || text.isEmpty()) {
            error(member, id, ErrorCode.BAD_REQUEST, "\"text\" is required");
            return false;
        }
        if (text.codePointCount(0, text.length()) > limits.maxTextLength()) {
            error(member, id, ChatErrors.TOO_LONG, "a text is " + limits.maxTextLength() + " characters at most");
            return false;
        }
        return true;
    }

    /** Whether the room policy allows it; if not, the member is told {@code forbidden} and nothing changes. */
    private boolean allowed(ChatMember member, String id, String room, RoomPolicy.Action action) {
        if (policy.allows(member.connection().identity(), room, action)) {
            return true;
        }
        error(member, id, ChatErrors.FORBIDDEN, switch (action) {
            case JOIN -> "you may not join \"" + room + "\"";
            case POST -> "you may not post in \"" + room + "\"";
            case READ_HISTORY -> "you may not read the history of \"" + room + "\"";
        });
        return false;
    }

    private boolean inRoom(ChatMember member, String id, String room) {
        if (member.isIn(room)) {
            return true;
        }
        error(member, id, ChatErrors.NOT_IN_ROOM, "join \"" + room + "\" first");
        return false;
    }

    private static void ack(ChatMember member, String id) {
        if (id != null) {
            member.connection().sendTyped(ChatEvent.Ack.of(id));
        }
    }

    private static void error(ChatMember member, String id, String code, String message) {
        member.connection().sendTyped(new ErrorMessage(id, code, message));
    }
}
