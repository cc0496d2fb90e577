package io.wshub.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void defaults() {
        Settings settings = new Settings(name -> null, new Properties());

        assertEquals(8080, settings.port());
        assertEquals("0.0.0.0", settings.host());
        assertEquals(0, settings.ioThreads());
        assertEquals(65536, settings.maxMessageSize());
        assertEquals(1024, settings.outboxCapacity());
        assertEquals(Duration.ofSeconds(30), settings.sendTimeout());
        assertEquals(List.of(), settings.allowedOrigins());
        assertTrue(settings.queryUser());
    }

    @Test
    void environmentBeatsSystemPropertiesWhichBeatContextParameters() {
        Properties properties = new Properties();
        properties.setProperty("wshub.port", "9001");
        properties.setProperty("wshub.max-message-size", "2048");
        Settings settings = new Settings(Map.of("WSHUB_PORT", "9000")::get, properties);
        settings.useContextParameters(Map.of("wshub.port", "9002", "wshub.max-message-size", "4096",
                "wshub.outbox-capacity", "7")::get);

        assertEquals(9000, settings.port());
        assertEquals(2048, settings.maxMessageSize());
        assertEquals(7, settings.outboxCapacity());
    }

    @Test
    void splitsTheOriginList() {
        Settings settings = new Settings(Map.of("WSHUB_ALLOWED_ORIGINS", " https://a.example , ,https://b.example")::get,
                new Properties());

        assertEquals(List.of("https://a.example", "https://b.example"), settings.allowedOrigins());
    }

    @Test
    void anInvalidValueNamesTheKnobItsSourcesAndWhatIsExpected() {
        Settings settings = new Settings(Map.of("WSHUB_MAX_MESSAGE_SIZE", "lots", "WSHUB_PORT", "70000",
                "WSHUB_QUERY_USER", "maybe")::get, new Properties());

        IllegalStateException size = assertThrows(IllegalStateException.class, settings::maxMessageSize);
        IllegalStateException threads = assertThrows(IllegalStateException.class,
                new Settings(Map.of("WSHUB_IO_THREADS", "-1")::get, new Properties())::ioThreads);
        assertEquals("wshub setting max-message-size (WSHUB_MAX_MESSAGE_SIZE / wshub.max-message-size) is 'lots', "
                + "expected a whole number from 1 to 2147483647", size.getMessage());
        assertEquals("wshub setting io-threads (WSHUB_IO_THREADS / wshub.io-threads) is '-1', "
                + "expected a whole number from 0 to 1024", threads.getMessage());
        assertThrows(IllegalStateException.class, settings::port);
        assertThrows(IllegalStateException.class, settings::queryUser);
    }
}
