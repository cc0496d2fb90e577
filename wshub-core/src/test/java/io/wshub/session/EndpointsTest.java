package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.RejectedMessageException;
import io.wshub.security.Identity;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointsTest {

    private final MutableClock clock = new MutableClock();
    private final SessionRegistry registry = new SessionRegistry(
            new Settings(Map.of("WSHUB_MESSAGE_RATE", "1", "WSHUB_MESSAGE_BURST", "3")::get, new Properties()),
            new Lifecycle(event -> { }), clock);
    private final Logger log = Logger.getLogger(EndpointsTest.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        log.removeHandler(capture);
        registry.shutdown();
    }

    /** Before, 10,000 invalid messages got 10,000 answers in 0.6 s. */
    @Test
    void invalidMessagesAreAnsweredWithinTheRateThenTheConnectionIsClosedWith1008() {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = registry.connect("c1", new Identity("alice", false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 100);
        RejectedMessageException rejected = new RejectedMessageException("{\"type\":\"launch\"}",
                new ErrorMessage(null, ErrorCode.UNKNOWN_TYPE, "unknown type"), null);

        for (int i = 0; i < 10; i++) {
            Endpoints.onError(registry, connection, rejected, log);
        }

        assertEquals(3, transport.drain("error").size());
        assertEquals(List.of(Closes.TOO_MANY_INVALID), transport.closes());
        assertEquals(1008, transport.closes().get(0).code());
    }

    @Test
    void aRefilledBudgetAnswersAgain() {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = registry.connect("c2", new Identity("bob", false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 100);
        RejectedMessageException rejected = new RejectedMessageException("x",
                new ErrorMessage(null, ErrorCode.BAD_REQUEST, "not valid JSON"), null);
        for (int i = 0; i < 3; i++) {
            Endpoints.onError(registry, connection, rejected, log);
        }
        clock.advance(Duration.ofSeconds(2));

        Endpoints.onError(registry, connection, rejected, log);
        Endpoints.onError(registry, connection, rejected, log);

        assertEquals(5, transport.drain("error").size());
        assertEquals(List.of(), transport.closes());
    }

    /** Before, each of 712 failing messages logged a stack trace of about 1,000 lines. */
    @Test
    void unexpectedFailuresAreLoggedTenAMinuteAndTheRestCounted() {
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        Connection connection = registry.connect("c3", new Identity("carol", false), TestJson.RAW,
                new RecordingTransport(), OverflowPolicy.CLOSE, 100);
        try {
            for (int i = 0; i < 700; i++) {
                Endpoints.onError(registry, connection, new IllegalStateException("boom " + i), log);
            }
            assertEquals(10, logged.size());
            clock.advance(Duration.ofMinutes(1));
            Endpoints.onError(registry, connection, new IllegalStateException("later"), log);

            assertEquals(11, logged.size());
            assertTrue(logged.get(10).getMessage().contains("690 more failures were not logged"),
                    logged.get(10).getMessage());
        } finally {
            log.setUseParentHandlers(true);
        }
    }
}
