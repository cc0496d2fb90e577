package io.wshub.session;

import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeepAliveTest {

    private final Settings settings = new Settings(name -> null, new Properties());
    private final SessionRegistry registry = new SessionRegistry(settings, new Lifecycle(event -> { }));
    private final Scheduler scheduler = Scheduler.standalone();
    private final KeepAlive keepAlive = new KeepAlive(registry, scheduler, settings);

    @AfterEach
    void stop() {
        registry.shutdown();
        scheduler.shutdown();
    }

    @Test
    void aPeerThatAnswersStaysAndOneThatLeavesTwoPingsUnansweredIsClosedAndDropped() throws InterruptedException {
        RecordingTransport lively = new RecordingTransport();
        RecordingTransport silent = new RecordingTransport();
        Connection alive = registry.connect("alive", new Identity("a", false), TestJson.RAW, lively,
                OverflowPolicy.CLOSE, 8);
        Connection dead = registry.connect("dead", new Identity("d", false), TestJson.RAW, silent,
                OverflowPolicy.CLOSE, 8);

        for (int round = 0; round < 3; round++) {
            keepAlive.tick();
            alive.ponged();
        }

        assertEquals(3, lively.pings());
        assertEquals(2, silent.pings());
        assertEquals(alive, registry.get("alive"));
        assertNull(registry.get("dead"));
        for (int i = 0; i < 200 && silent.closes().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of(Closes.NO_PONG), silent.closes());
        assertEquals(2, dead.unansweredPings());
    }
}
