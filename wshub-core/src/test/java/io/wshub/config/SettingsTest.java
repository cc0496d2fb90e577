package io.wshub.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Before, every call parsed its knob again, from every source: settings read per message cost a parse each. */
    @Test
    void eachKnobIsParsedOnceUntilTheContextParametersArrive() {
        List<String> lookups = new ArrayList<>();
        Settings settings = new Settings(name -> {
            lookups.add(name);
            return null;
        }, new Properties());

        assertEquals(1000, settings.historySize());
        assertEquals(1000, settings.historySize());
        assertEquals(List.of("WSHUB_HISTORY_SIZE"), lookups);

        settings.useContextParameters(Map.of("wshub.history-size", "7")::get);
        assertEquals(7, settings.historySize());
        assertEquals(Settings.StoreKind.MEMORY, settings.store());
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

    /** An invalid value of each knob, so that a new knob cannot be added without deciding what is invalid. */
    private static final Map<Knob, String> INVALID = Map.ofEntries(
            Map.entry(Knob.PORT, "70000"),
            Map.entry(Knob.HOST, "not a host!"),
            Map.entry(Knob.IO_THREADS, "-1"),
            Map.entry(Knob.REQUEST_TIMEOUT_MS, "10"),
            Map.entry(Knob.HTTP_IDLE_TIMEOUT_SECONDS, "0"),
            Map.entry(Knob.MAX_CONNECTIONS, "-1"),
            Map.entry(Knob.MAX_CONNECTIONS_PER_ADDRESS, "0"),
            Map.entry(Knob.MAX_CONNECTIONS_PER_USER, "0"),
            Map.entry(Knob.TRUSTED_PROXIES, "10.0.0.0/8,proxy.internal"),
            Map.entry(Knob.MAX_MESSAGE_SIZE, "lots"),
            Map.entry(Knob.OUTBOX_CAPACITY, "0"),
            Map.entry(Knob.OUTBOX_MAX_BYTES, "1000"),
            Map.entry(Knob.SEND_TIMEOUT_MS, "1.5"),
            Map.entry(Knob.PING_INTERVAL_SECONDS, "-5"),
            Map.entry(Knob.SEND_THREADS, "0"),
            Map.entry(Knob.CLOSE_TIMEOUT_MS, "soon"),
            Map.entry(Knob.ALLOWED_ORIGINS, "https://a.example,chat.example.com"),
            Map.entry(Knob.ALLOWED_HOSTS, "chat.example.com,https://x"),
            Map.entry(Knob.AUTH, "jwt"),
            Map.entry(Knob.TOKEN_SECRET, "shorter than 32 bytes"),
            Map.entry(Knob.TOKEN_JWKS, "/no/such/jwks.json"),
            Map.entry(Knob.TOKEN_ISSUER, "two words"),
            Map.entry(Knob.TOKEN_AUDIENCE, "tab\there"),
            Map.entry(Knob.TOKEN_CLOCK_SKEW_SECONDS, "3600"),
            Map.entry(Knob.TOKEN_IN_QUERY, "yes"),
            Map.entry(Knob.PUBLISH_TOKEN, "two words"),
            Map.entry(Knob.QUERY_USER, "maybe"),
            Map.entry(Knob.MAX_TEXT_LENGTH, "0"),
            Map.entry(Knob.MESSAGE_RATE, "abc"),
            Map.entry(Knob.MESSAGE_BURST, "0"),
            Map.entry(Knob.MAX_ROOMS, "none"),
            Map.entry(Knob.HISTORY_SIZE, "-1"),
            Map.entry(Knob.HISTORY_TOTAL, "0"),
            Map.entry(Knob.HISTORY_TOTAL_BYTES, "1k"),
            Map.entry(Knob.HISTORY_AGE_SECONDS, "0"),
            Map.entry(Knob.MAILBOX_SIZE, "2000000"),
            Map.entry(Knob.MAILBOX_AGE_SECONDS, "1d"),
            Map.entry(Knob.MAILBOX_KNOWN_USERS, "0"),
            Map.entry(Knob.ROOM_ROLES, "team-*"),
            Map.entry(Knob.MAILBOX_TOTAL, ""),
            Map.entry(Knob.MAILBOX_TOTAL_BYTES, "100"),
            Map.entry(Knob.STORE, "redis-of-my-own"));

    @Test
    void everyKnobHasAnInvalidExampleHere() {
        assertEquals(Set.of(Knob.values()), INVALID.keySet());
    }

    @ParameterizedTest
    @EnumSource(Knob.class)
    void validateRefusesAnInvalidValueOfEveryKnobAndNamesIt(Knob knob) {
        Settings settings = new Settings(Map.of(knob.environmentVariable(), INVALID.get(knob))::get, new Properties());

        IllegalStateException e = assertThrows(IllegalStateException.class, settings::validate);
        assertTrue(e.getMessage().contains("wshub setting " + knob.key() + " (" + knob.environmentVariable()),
                e.getMessage());
    }

    @Test
    void validateListsEveryInvalidKnobAtOnceAndNeverShowsTheToken() {
        Settings settings = new Settings(Map.of("WSHUB_MESSAGE_RATE", "0", "WSHUB_QUERY_USER", "maybe",
                "WSHUB_PUBLISH_TOKEN", "my secret")::get, new Properties());

        IllegalStateException e = assertThrows(IllegalStateException.class, settings::validate);
        assertTrue(e.getMessage().contains("message-rate"), e.getMessage());
        assertTrue(e.getMessage().contains("query-user"), e.getMessage());
        assertTrue(e.getMessage().contains("publish-token"), e.getMessage());
        assertFalse(e.getMessage().contains("my secret"), e.getMessage());
        new Settings(name -> null, new Properties()).validate();
    }
}
