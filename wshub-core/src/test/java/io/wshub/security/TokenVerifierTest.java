package io.wshub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.wshub.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    private static final String SECRET = "a-secret-of-at-least-32-bytes-0123456789";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private static RSAKey rsa;
    private static RSAKey rotatedRsa;
    private static ECKey ec;

    @TempDir
    static Path keys;
    private static Path jwks;

    private final TokenVerifier withSecret = new TokenVerifier(Optional.of(SECRET), Optional.empty(), Optional.empty(),
            Optional.empty(), SKEW);

    @BeforeAll
    static void makeKeys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rotatedRsa = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwks = keys.resolve("jwks.json");
        // the file holds the private keys too, as a careless operator might: the verifier keeps the public halves
        Files.writeString(jwks, new JWKSet(List.of(rsa, rotatedRsa, ec)).toString(false));
        Files.writeString(keys.resolve("oct.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + "QUJD".repeat(11)
                + "\"}]}");
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant expiry) {
        return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiry));
    }

    private static String signed(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT token = new SignedJWT(header, claims);
        token.sign(signer);
        return token.serialize();
    }

    private static String hmac(String secret, JWTClaimsSet claims) throws JOSEException {
        return signed(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256),
                claims);
    }

    private static String rejection(TokenVerifier verifier, String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).getMessage();
    }

    private static TokenVerifier withJwks(Optional<String> issuer, Optional<String> audience) {
        return new TokenVerifier(Optional.empty(), Optional.of(jwks), issuer, audience, SKEW);
    }

    @Test
    void aTokenSignedWithTheSecretIsItsSubjectUntilItsExpiryWithWshubsClaims() throws Exception {
        Instant expiry = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = hmac(SECRET, claims("alice@example.com", expiry).claim("rooms", List.of("lobby", "team-*"))
                .claim("publish", "news").claim("admin", true).claim("email", "alice@example.com").build());

        Identity alice = withSecret.verify(token);

        assertEquals("alice@example.com", alice.user());
        assertFalse(alice.anonymous());
        assertEquals(expiry, alice.expiresAt().orElseThrow());
        assertEquals(Map.of("rooms", "lobby,team-*", "publish", "news", "admin", "true"), alice.claims());
    }

    @Test
    void theSignerMakesTokensTheVerifierAccepts() throws Exception {
        TokenSigner signer = new TokenSigner(SECRET, Optional.of("https://login.example"), Optional.of("wshub"));
        String token = signer.sign("bob", new TokenSigner.Grant(List.of("lobby"), List.of(), false), Instant.now(),
                Duration.ofHours(1));
        TokenVerifier strict = new TokenVerifier(Optional.of(SECRET), Optional.empty(),
                Optional.of("https://login.example"), Optional.of("wshub"), SKEW);

        Identity bob = strict.verify(token);
        assertEquals("bob", bob.user());
        assertEquals(Map.of("rooms", "lobby"), bob.claims());
    }

    @Test
    void refusesAnotherSecretsSignatureAndWhatIsNotAJwt() throws Exception {
        String forged = hmac("another-secret-of-at-least-32-bytes-xx", claims("alice", Instant.now().plusSeconds(60))
                .build());

        assertTrue(rejection(withSecret, forged).contains("signature"));
        assertTrue(rejection(withSecret, "not.a.jwt").startsWith("invalid token"));
        assertTrue(rejection(withSecret, "").startsWith("invalid token"));
        // a valid token with one character of its signature changed
        String valid = hmac(SECRET, claims("alice", Instant.now().plusSeconds(60)).build());
        char last = valid.charAt(valid.length() - 2);
        rejection(withSecret, valid.substring(0, valid.length() - 2) + (last == 'A' ? 'B' : 'A')
                + valid.charAt(valid.length() - 1));
    }

    @Test
    void refusesAnUnsignedToken() {
        String none = new PlainJWT(claims("alice", Instant.now().plusSeconds(60)).build()).serialize();

        rejection(withSecret, none);
        rejection(withJwks(Optional.empty(), Optional.empty()), none);
    }

    /** The classic confusion: the RSA public key, which anyone may have, used as an HMAC secret. */
    @Test
    void refusesATokenHmacSignedWithThePublicKey() throws Exception {
        JWTClaimsSet claims = claims("mallory", Instant.now().plusSeconds(60)).build();
        TokenVerifier verifier = withJwks(Optional.empty(), Optional.empty());

        for (byte[] publicKey : List.of(rsa.toPublicKey().getEncoded(),
                rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(jwks))) {
            String confused = signed(new MACSigner(publicKey), new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .keyID("rsa-1").build(), claims);
            rejection(verifier, confused);
        }
    }

    @Test
    void takesRsaAndEcKeysFromTheJwksByKeyIdForRotation() throws Exception {
        TokenVerifier verifier = withJwks(Optional.empty(), Optional.empty());
        JWTClaimsSet claims = claims("carol", Instant.now().plusSeconds(60)).build();

        assertEquals("carol", verifier.verify(signed(new RSASSASigner(rsa),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims)).user());
        assertEquals("carol", verifier.verify(signed(new RSASSASigner(rotatedRsa),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-2").build(), claims)).user());
        assertEquals("carol", verifier.verify(signed(new ECDSASigner(ec),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims)).user());

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rejection(verifier, signed(new RSASSASigner(stranger),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims));
        rejection(verifier, signed(new RSASSASigner(rsa),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown").build(), claims));
        // without a secret, HMAC tokens are not taken at all
        rejection(verifier, hmac(SECRET, claims));
    }

    @Test
    void refusesExpiredAndNotYetValidTokensBeyondTheClockSkew() throws Exception {
        Instant now = Instant.now();

        assertTrue(rejection(withSecret, hmac(SECRET, claims("alice", now.minusSeconds(31 + 5)).build()))
                .contains("xpired"));
        assertEquals("alice", withSecret.verify(hmac(SECRET, claims("alice", now.minusSeconds(20)).build())).user());
        rejection(withSecret, hmac(SECRET, claims("alice", now.plusSeconds(600))
                .notBeforeTime(Date.from(now.plusSeconds(120))).build()));
        assertEquals("alice", withSecret.verify(hmac(SECRET, claims("alice", now.plusSeconds(600))
                .notBeforeTime(Date.from(now.plusSeconds(10))).build())).user());
    }

    @Test
    void checksIssuerAndAudienceWhenConfigured() throws Exception {
        TokenVerifier strict = new TokenVerifier(Optional.of(SECRET), Optional.empty(),
                Optional.of("https://login.example"), Optional.of("wshub"), SKEW);
        Instant expiry = Instant.now().plusSeconds(60);

        assertEquals("dave", strict.verify(hmac(SECRET, claims("dave", expiry).issuer("https://login.example")
                .audience(List.of("other", "wshub")).build())).user());
        rejection(strict, hmac(SECRET, claims("dave", expiry).issuer("https://login.example").audience("other")
                .build()));
        rejection(strict, hmac(SECRET, claims("dave", expiry).issuer("https://login.example").build()));
        rejection(strict, hmac(SECRET, claims("dave", expiry).issuer("https://evil.example").audience("wshub")
                .build()));
        rejection(strict, hmac(SECRET, claims("dave", expiry).audience("wshub").build()));
    }

    @Test
    void refusesTokensWithoutSubjectOrExpiryOrWithUnusableClaims() throws Exception {
        Instant expiry = Instant.now().plusSeconds(60);

        rejection(withSecret, hmac(SECRET, new JWTClaimsSet.Builder().expirationTime(Date.from(expiry)).build()));
        rejection(withSecret, hmac(SECRET, new JWTClaimsSet.Builder().subject("alice").build()));
        rejection(withSecret, hmac(SECRET, claims("alice\nadmin", expiry).build()));
        rejection(withSecret, hmac(SECRET, claims("alice", expiry).claim("rooms", List.of("a,b")).build()));
        rejection(withSecret, hmac(SECRET, claims("alice", expiry).claim("rooms", List.of(7)).build()));
        rejection(withSecret, hmac(SECRET, claims("alice", expiry).claim("admin", "yes").build()));
        rejection(withSecret, hmac(SECRET, claims("alice", expiry)
                .claim("rooms", java.util.Collections.nCopies(40, "room-name-long-enough")).build()));
    }

    @Test
    void aJwksFileThatIsNotOneStopsTheStart() throws Exception {
        Path garbage = keys.resolve("garbage.json");
        Files.writeString(garbage, "{\"keys\": 42}");
        Path onlySecret = keys.resolve("oct.json");

        for (Path file : List.of(garbage, onlySecret)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> new TokenVerifier(
                    Optional.empty(), Optional.of(file), Optional.empty(), Optional.empty(), SKEW));
            assertTrue(failure.getMessage().contains("token-jwks"), failure.getMessage());
        }
    }

    @Test
    void tokenAuthWithoutAKeyOrWithAShortSecretStopsTheStartWithoutShowingTheSecret() {
        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> settings(Map.of("WSHUB_AUTH", "token")).validate());
        assertTrue(noKey.getMessage().contains("token-secret"), noKey.getMessage());

        IllegalStateException shortSecret = assertThrows(IllegalStateException.class,
                () -> settings(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", "short-secret-value")).validate());
        assertTrue(shortSecret.getMessage().contains("32 bytes"), shortSecret.getMessage());
        assertFalse(shortSecret.getMessage().contains("short-secret-value"), shortSecret.getMessage());

        assertThrows(IllegalStateException.class, () -> settings(Map.of("WSHUB_AUTH", "tokens")).validate());
        IllegalStateException noPublicKey = assertThrows(IllegalStateException.class, () -> settings(Map.of(
                "WSHUB_AUTH", "token", "WSHUB_TOKEN_JWKS", keys.resolve("oct.json").toString())).validate());
        assertTrue(noPublicKey.getMessage().contains("token-jwks"), noPublicKey.getMessage());
        settings(Map.of("WSHUB_AUTH", "TOKEN", "WSHUB_TOKEN_JWKS", jwks.toString())).validate();
    }

    private static Settings settings(Map<String, String> environment) {
        return new Settings(environment::get, new Properties());
    }
}
