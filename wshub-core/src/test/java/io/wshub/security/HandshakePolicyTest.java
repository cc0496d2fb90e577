package io.wshub.security;

import io.wshub.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakePolicyTest {

    private static HandshakePolicy policy(Map<String, String> environment) {
        return new HandshakePolicy(new Settings(environment::get, new Properties()));
    }

    private final HandshakePolicy defaults = policy(Map.of());

    @Test
    void byDefaultAllowsTheRequestsOwnHostLoopbackAndNoOrigin() {
        assertTrue(defaults.originAllowed("https://chat.example.com", "chat.example.com"));
        assertTrue(defaults.originAllowed("http://chat.example.com:8080", "chat.example.com:8080"));
        assertTrue(defaults.originAllowed("https://CHAT.example.com", "chat.example.com:443"));
        assertTrue(defaults.originAllowed("http://localhost:3000", "chat.example.com"));
        assertTrue(defaults.originAllowed("http://127.0.0.1", "chat.example.com"));
        assertTrue(defaults.originAllowed("http://[::1]:8080", "[::1]:8080"));
        assertTrue(defaults.originAllowed(null, "chat.example.com"));
    }

    @Test
    void byDefaultRefusesOtherOrigins() {
        assertFalse(defaults.originAllowed("https://evil.example", "chat.example.com"));
        assertFalse(defaults.originAllowed("https://chat.example.com.evil.example", "chat.example.com"));
        assertFalse(defaults.originAllowed("null", "chat.example.com"));
        assertFalse(defaults.originAllowed("not a url", "chat.example.com"));
        assertFalse(defaults.originAllowed("https://chat.example.com", null));
    }

    /** Before, any Host passed: a page of a name rebound to the server's address was its own "same origin". */
    @Test
    void aHostIsAllowedWhenItIsLoopbackListedOrByDefaultTheAddressTheRequestCameInOn() {
        assertTrue(defaults.hostAllowed("localhost:8080", "127.0.0.1"));
        assertTrue(defaults.hostAllowed("127.0.0.1", "127.0.0.1"));
        assertTrue(defaults.hostAllowed("[::1]:8080", "0:0:0:0:0:0:0:1"));
        assertTrue(defaults.hostAllowed("app.localhost:3000", "127.0.0.1"));
        assertTrue(defaults.hostAllowed("192.0.2.10:8080", "192.0.2.10"));
        assertTrue(defaults.hostAllowed("[2001:db8::1]:8080", "2001:db8:0:0:0:0:0:1"));
        assertFalse(defaults.hostAllowed("evil.example:8080", "127.0.0.1"));
        assertFalse(defaults.hostAllowed("192.0.2.11", "192.0.2.10"));
        assertFalse(defaults.hostAllowed(null, "127.0.0.1"));
        assertFalse(defaults.hostAllowed("", "127.0.0.1"));

        HandshakePolicy listed = policy(Map.of("WSHUB_ALLOWED_HOSTS", "chat.example.com, .example.org"));
        assertTrue(listed.hostAllowed("chat.example.com", "192.0.2.10"));
        assertTrue(listed.hostAllowed("CHAT.example.com:443", "192.0.2.10"));
        assertTrue(listed.hostAllowed("example.org", "192.0.2.10"));
        assertTrue(listed.hostAllowed("a.b.example.org", "192.0.2.10"));
        assertTrue(listed.hostAllowed("localhost", "127.0.0.1"), "loopback names always: no rebinding names them");
        assertFalse(listed.hostAllowed("192.0.2.10", "192.0.2.10"), "a list replaces the address default");
        assertFalse(listed.hostAllowed("evilexample.org", "192.0.2.10"));
        assertFalse(listed.hostAllowed("example.com", "192.0.2.10"));
        assertTrue(policy(Map.of("WSHUB_ALLOWED_HOSTS", "*")).hostAllowed("anything.example", null));
    }

    @Test
    void anAllowListReplacesTheDefaults() {
        HandshakePolicy listed = policy(Map.of("WSHUB_ALLOWED_ORIGINS", "https://app.example.com, https://b.example/"));

        assertTrue(listed.originAllowed("https://app.example.com", "api.example.com"));
        assertTrue(listed.originAllowed("https://b.example", "api.example.com"));
        assertFalse(listed.originAllowed("http://app.example.com", "api.example.com"));
        assertFalse(listed.originAllowed("http://localhost", "localhost"));
        assertTrue(policy(Map.of("WSHUB_ALLOWED_ORIGINS", "*")).originAllowed("https://any.example", "x"));
    }
}
