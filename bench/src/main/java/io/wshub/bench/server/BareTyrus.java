package io.wshub.bench.server;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.glassfish.tyrus.server.Server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tyrus on Grizzly, as wshub's embedded server runs it, with the most trivial endpoints that behave like wshub's echo
 * and room broadcast: no CDI, no JSON binding, no outbox, no limits. What wshub costs beyond this is the cost of its
 * own layers.
 */
public final class BareTyrus {

    private BareTyrus() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server("127.0.0.1", Integer.parseInt(args[0]), "/", Map.of(), Echo.class, Room.class);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        new CountDownLatch(1).await();
    }

    @ServerEndpoint("/ws/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    /**
     * Echoes a {@code say}'s text to every member of the room, as wshub's {@code message}. The rooms are static because
     * Tyrus makes an endpoint instance per connection; this process serves one benchmark run and ends.
     */
    @ServerEndpoint("/ws/chat/{room}")
    public static final class Room {

        private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();
        private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

        @OnOpen
        public void open(Session session, @PathParam("room") String room) {
            ROOMS.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet()).add(session);
        }

        @OnMessage
        public void say(Session session, String command, @PathParam("room") String room) {
            int start = command.indexOf("\"text\":\"") + 8;
            String text = command.substring(start, command.indexOf('"', start));
            long seq = SEQUENCES.computeIfAbsent(room, name -> new AtomicLong()).incrementAndGet();
            String message = "{\"type\":\"message\",\"room\":\"" + room + "\",\"seq\":" + seq + ",\"text\":\""
                    + text + "\"}";
            for (Session member : ROOMS.getOrDefault(room, Set.of())) {
                member.getAsyncRemote().sendText(message);
            }
        }

        @OnClose
        public void close(Session session, @PathParam("room") String room) {
            ROOMS.getOrDefault(room, Set.of()).remove(session);
        }
    }
}
