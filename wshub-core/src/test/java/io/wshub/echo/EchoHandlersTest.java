package io.wshub.echo;

import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoHandlersTest {

    private final SessionRegistry registry =
            new SessionRegistry(new Settings(name -> null, new Properties()), new Lifecycle(event -> { }));
    private final RecordingTransport transport = new RecordingTransport();
    private final Connection connection = registry.connect("node-1", new Identity("alice", false), TestJson.RAW,
            transport, OverflowPolicy.CLOSE, 16);

    @AfterEach
    void stop() {
        registry.shutdown();
    }

    @Test
    void echoSendsEveryTextAndBinaryMessageBackInOrder() {
        EchoHandler echo = new EchoHandler();
        Connection state = echo.opened(connection, Map.of());
        echo.received(state, "one");
        assertTrue(echo.receivedBinary(state, "two".getBytes(StandardCharsets.UTF_8)));
        echo.received(state, "three");

        assertEquals(List.of("one", "three"), transport.sent());
        assertEquals(List.of("two"), transport.sentBinary());
        assertTrue(transport.closes().isEmpty());
    }

    @Test
    void helloAnswersTheFirstNameAndClosesAndTakesNoBinary() {
        HelloHandler hello = new HelloHandler();
        Connection state = hello.opened(connection, Map.of());
        hello.received(state, "alice");

        assertEquals(List.of("hello alice"), transport.sent());
        assertEquals(List.of(Closes.NORMAL), transport.closes());
        assertFalse(hello.receivedBinary(state, new byte[1]));
    }
}
