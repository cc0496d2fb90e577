package io.wshub.embedded;

import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.security.TokenVerifier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCommandTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        Settings settings = new Settings(environment::get, new Properties());
        return new TokenCommand(settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsATokenTheServersVerifierTakesWithItsClaims() throws Exception {
        Map<String, String> environment = Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", SECRET,
                "WSHUB_TOKEN_AUDIENCE", "wshub");

        Instant before = Instant.now();
        assertEquals(0, run(environment, "--sub", "alice", "--rooms", "lobby, team-*", "--publish", "news",
                "--admin", "--ttl", "90s"), err());

        Identity alice = new TokenVerifier(new Settings(environment::get, new Properties()))
                .verify(out.toString(StandardCharsets.UTF_8).strip());
        assertEquals("alice", alice.user());
        assertEquals(Map.of("rooms", "lobby,team-*", "publish", "news", "admin", "true"), alice.claims());
        Instant expiry = alice.expiresAt().orElseThrow();
        assertTrue(!expiry.isBefore(before.plus(Duration.ofSeconds(89)))
                && !expiry.isAfter(Instant.now().plus(Duration.ofSeconds(91))), expiry.toString());
    }

    @Test
    void anInvalidSettingOrAMissingSecretOrSubIsReportedNotThrown() {
        assertEquals(1, run(Map.of("WSHUB_TOKEN_SECRET", SECRET, "WSHUB_TOKEN_ISSUER", "two words"),
                "--sub", "alice"));
        assertTrue(err().contains("token-issuer"), err());
        assertEquals(1, run(Map.of(), "--sub", "alice"));
        assertTrue(err().contains("WSHUB_TOKEN_SECRET"), err());
        assertEquals(2, run(Map.of("WSHUB_TOKEN_SECRET", SECRET), "--rooms", "lobby"));
        assertEquals(2, run(Map.of("WSHUB_TOKEN_SECRET", SECRET), "--sub", "alice", "--ttl", "forever"));
        assertEquals(2, run(Map.of("WSHUB_TOKEN_SECRET", SECRET), "--sub", "alice\nadmin"));
        assertTrue(err().contains("the server would refuse the token"), err());
    }
}
