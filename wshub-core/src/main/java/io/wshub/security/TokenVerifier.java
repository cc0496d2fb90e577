package io.wshub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a JWT into an {@link Identity}, with nimbus-jose-jwt: the signature is checked with the configured HMAC secret
 * or the JWKS key its {@code kid} names, and only with the algorithms those keys are for, so an unsigned token
 * ({@code alg: none}) and a token HMAC-signed with a public key are refused; then {@code exp} (required) and
 * {@code nbf} within the clock skew, and {@code iss} and {@code aud} when configured. The identity is the token's
 * {@code sub}, until its {@code exp}, with the claims of {@link Claims}.
 * <p>
 * The settings check the JWKS file at start ({@link Settings#validate}); it is read again when this bean is made, at
 * the first request. Thread-safe: the processor is not changed after construction.
 */
@ApplicationScoped
public class TokenVerifier {

    public static final Set<JWSAlgorithm> HMAC_ALGORITHMS =
            Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    public static final Set<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    /** What a {@code rooms} or {@code publish} entry may be: a name or a prefix pattern, without commas. */
    private static final Pattern LIST_ENTRY = Pattern.compile("[A-Za-z0-9_.-]{0,64}\\*?");

    private final DefaultJWTProcessor<SecurityContext> processor;

    /** For CDI's client proxy only. */
    protected TokenVerifier() {
        this.processor = null;
    }

    @Inject
    public TokenVerifier(Settings settings) {
        this(settings.auth() == Settings.AuthMode.TOKEN ? settings.tokenSecret() : Optional.empty(),
                settings.auth() == Settings.AuthMode.TOKEN ? settings.tokenJwks() : Optional.empty(),
                settings.tokenIssuer(), settings.tokenAudience(), settings.tokenClockSkew());
    }

    /**
     * @throws IllegalStateException if the JWKS file cannot be read or holds no public key
     */
    public TokenVerifier(Optional<String> secret, Optional<Path> jwks, Optional<String> issuer,
                         Optional<String> audience, Duration clockSkew) {
        if (secret.isEmpty() && jwks.isEmpty()) {
            this.processor = null;
            return;
        }
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        secret.ifPresent(value -> {
            keys.add(new OctetSequenceKey.Builder(value.getBytes(StandardCharsets.UTF_8)).build());
            algorithms.addAll(HMAC_ALGORITHMS);
        });
        jwks.ifPresent(file -> {
            List<JWK> published = publicKeys(file);
            keys.addAll(published);
            algorithms.addAll(PUBLIC_KEY_ALGORITHMS);
        });
        DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
        built.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        issuer.ifPresent(exact::issuer);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience.orElse(null),
                exact.build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        built.setJWTClaimsSetVerifier(claims);
        this.processor = built;
    }

    /**
     * @throws TokenRejectedException if the token proves nothing: unparsable, unsigned, badly signed, expired, not
     *                                yet valid, for another issuer or audience, or with an unusable subject
     */
    public Identity verify(String token) throws TokenRejectedException {
        if (processor == null) {
            throw new IllegalStateException("tokens are verified only with auth=token and a key");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new TokenRejectedException("invalid token: not a JWT");
        } catch (BadJWSException e) {
            throw new TokenRejectedException("invalid token: its signature does not verify with this server's keys");
        } catch (BadJWTException e) {
            throw new TokenRejectedException("invalid token: " + e.getMessage());
        } catch (BadJOSEException e) {
            // among them: unsigned (alg none), an algorithm or key this server does not take
            throw new TokenRejectedException("invalid token: " + e.getMessage());
        } catch (JOSEException e) {
            throw new TokenRejectedException("invalid token: it cannot be verified");
        }
        String subject = claims.getSubject();
        if (!Identity.isUsableName(subject)) {
            throw new TokenRejectedException("invalid token: sub must be " + Identity.USABLE_NAME_RULE);
        }
        try {
            return new Identity(subject, false, claims.getExpirationTime().toInstant(), wshubClaims(claims));
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException("invalid token: " + e.getMessage());
        }
    }

    private static Map<String, String> wshubClaims(JWTClaimsSet claims) throws TokenRejectedException {
        Map<String, String> kept = new HashMap<>();
        for (String name : List.of(Claims.ROOMS, Claims.PUBLISH)) {
            Object value = claims.getClaim(name);
            if (value != null) {
                kept.put(name, list(name, value));
            }
        }
        Object admin = claims.getClaim(Claims.ADMIN);
        if (admin != null && !(admin instanceof Boolean)) {
            throw new TokenRejectedException("invalid token: admin must be true or false");
        }
        if (Boolean.TRUE.equals(admin)) {
            kept.put(Claims.ADMIN, "true");
        }
        return kept;
    }

    private static String list(String name, Object value) throws TokenRejectedException {
        List<?> entries = value instanceof List<?> list ? list : List.of(value);
        List<String> names = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof String text) || text.isEmpty() || !LIST_ENTRY.matcher(text).matches()) {
                throw new TokenRejectedException("invalid token: " + name
                        + " must list names or patterns such as team-* (letters, digits, '_', '.', '-')");
            }
            names.add(text);
        }
        return String.join(",", names);
    }

    private static List<JWK> publicKeys(Path file) {
        JWKSet set;
        try {
            set = JWKSet.load(file.toFile()).toPublicJWKSet();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("wshub setting token-jwks: " + file + " is not a JWKS file: "
                    + e.getMessage(), e);
        }
        List<JWK> keys = set.getKeys().stream().filter(key -> !(key instanceof OctetSequenceKey)).toList();
        if (keys.isEmpty()) {
            throw new IllegalStateException("wshub setting token-jwks: " + file + " holds no RSA or EC public key");
        }
        return keys;
    }
}
