package io.wshub.chat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wshub.chat.message.ChatCodec;
import io.wshub.chat.message.ChatCommand;
import io.wshub.json.ErrorCode;
import io.wshub.json.JsonInput;
import io.wshub.json.MessageSize;
import io.wshub.security.Identity;
import io.wshub.session.CloseFrame;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.Endpoints;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import jakarta.json.JsonObject;
import jakarta.websocket.DecodeException;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole chat command path, as the endpoints run it, against any sequence of texts from three clients (two in a
 * room, one on the private endpoint; one message a line, a leading 0, 1 or 2 saying whose), 50 ms apart: decode, then the service, or the endpoints' answer to a refusal; encode; a
 * recording transport. Whatever comes in, every recipient receives only documented messages and error codes in
 * valid JSON of valid Unicode, is closed only with a documented code, and has an empty outbox; no {@code Throwable}
 * escapes. The corpus under {@code src/test/resources/io/wshub/chat/CommandPathFuzzTestInputs/} is replayed by every
 * test run.
 */
class CommandPathFuzzTest {

    private static final Logger LOG = Logger.getLogger(CommandPathFuzzTest.class.getName());
    private static final int MAX_COMMANDS = 12;
    private static final Duration STEP = Duration.ofMillis(50);

    private static final Set<String> TYPES = Set.of("message", "private", "presence", "resumed", "rooms", "ack",
            "joined", "left", "error");
    private static final Set<String> ERRORS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_TYPE,
            ErrorCode.RATE_LIMITED, ChatErrors.NOT_IN_ROOM, ChatErrors.TOO_LONG, ChatErrors.INVALID_ROOM,
            ChatErrors.INVALID_USER, ChatErrors.MAILBOX_FULL, ChatErrors.ID_REUSED, ChatErrors.TOO_MANY_ROOMS);
    private static final Set<Integer> CLOSES = Set.of(Closes.TOO_MANY_INVALID.code(), Closes.TOO_BIG.code());

    private record Client(ChatMember member, RecordingTransport transport, boolean privateOnly) {
    }

    @FuzzTest
    void chatCommands(byte[] input) {
        MutableClock clock = new MutableClock();
        Lifecycle lifecycle = new Lifecycle(event -> { });
        LocalNode node = new LocalNode(clock, lifecycle);
        SessionRegistry registry = node.registry;
        try {
            ChatService chat = node.chat(node.roomLogs(20, 200, 1_000_000),
                    new LocalMailbox(5, 100, 1_000_000, Duration.ofDays(7), clock),
                    new ChatService.Limits(200, 3, 20, 5, 5, 8, Duration.ofHours(1)));
            List<Client> clients = List.of(open(registry, chat, "alice", "lobby"), open(registry, chat, "bob", "lobby"),
                    open(registry, chat, "carol", null));
            ChatCodec.GroupDecoder group = new ChatCodec.GroupDecoder();
            ChatCodec.PrivateDecoder whispers = new ChatCodec.PrivateDecoder();
            String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", MAX_COMMANDS + 1);
            for (int i = 0; i < Math.min(lines.length, MAX_COMMANDS); i++) {
                // "1{...}": the message of client 1; without a leading digit, client 0's
                String line = lines[i];
                int index = !line.isEmpty() && line.charAt(0) >= '0' && line.charAt(0) <= '2' ? line.charAt(0) - '0' : -1;
                Client from = clients.get(Math.max(index, 0));
                String text = index >= 0 ? line.substring(1) : line;
                clock.advance(STEP);
                Connection connection = from.member().connection();
                try {
                    ChatCommand command = from.privateOnly() ? whispers.decode(text) : group.decode(text);
                    chat.handle(from.member(), command);
                } catch (MessageSize.TooBig | io.wshub.json.RejectedMessageException refused) {
                    Endpoints.onError(registry, connection, refused, LOG);
                } catch (DecodeException undocumented) {
                    throw new AssertionError("a refusal without a documented answer", undocumented);
                }
            }
            for (Client client : clients) {
                check(client);
            }
        } finally {
            node.close();
        }
    }

    private static Client open(SessionRegistry registry, ChatService chat, String user, String room) {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = registry.connect(user + "-1", new Identity(user, false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 100);
        return new Client(chat.open(connection, room), transport, room == null);
    }

    private static void check(Client client) {
        for (String sent : client.transport().sent()) {
            assertTrue(JsonInput.isValidUnicode(sent), "not valid Unicode: " + sent);
            JsonObject message = jakarta.json.Json.createReader(new StringReader(sent)).readObject();
            assertTrue(TYPES.contains(message.getString("type")), sent);
            if (message.getString("type").equals("error")) {
                assertTrue(ERRORS.contains(message.getString("code")), sent);
            }
        }
        for (CloseFrame close : client.transport().closes()) {
            assertTrue(CLOSES.contains(close.code()), close.toString());
        }
        assertEquals(0, client.member().connection().outbox().queued(), "an outbox left with messages");
    }
}
