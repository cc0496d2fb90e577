package io.wshub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Makes HS256 tokens that {@link TokenVerifier} accepts with the same secret: for the demo's
 * {@code java -jar wshub-embedded.jar token ...} and for tests. A production issuer is the application's own login
 * service. Thread-safe: immutable.
 *
 * @param secret   the HMAC secret, at least 32 bytes
 * @param issuer   the {@code iss} to write, if the server checks one
 * @param audience the {@code aud} to write, if the server checks one
 */
public record TokenSigner(String secret, Optional<String> issuer, Optional<String> audience) {

    /** What a token says beyond its subject. */
    public record Grant(List<String> rooms, List<String> publish, boolean admin) {

        public static final Grant NONE = new Grant(List.of(), List.of(), false);
    }

    /**
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public String sign(String subject, Grant grant, Instant issuedAt, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(lifetime)));
        issuer.ifPresent(claims::issuer);
        audience.ifPresent(claims::audience);
        if (!grant.rooms().isEmpty()) {
            claims.claim(Claims.ROOMS, grant.rooms());
        }
        if (!grant.publish().isEmpty()) {
            claims.claim(Claims.PUBLISH, grant.publish());
        }
        if (grant.admin()) {
            claims.claim(Claims.ADMIN, true);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
        }
        return token.serialize();
    }
}
