package io.wshub.config;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * wshub's settings. Each {@link Knob} is looked up in the environment ({@code WSHUB_*}), then the system properties
 * ({@code wshub.*}), then the servlet context parameters ({@code wshub.*}, WARs only), then its default.
 * <p>
 * Each knob is parsed once, the first time it is asked for, and its value kept: nothing re-parses it per call.
 * {@link #validate()}, called at start, parses every knob, so that an invalid value stops the start.
 * <p>
 * Thread-safe: the sources are read-only; the parsed values are kept in a concurrent map; the context parameters are
 * installed once through a volatile field at application start, before the first connection, and forget any value
 * parsed before.
 */
@ApplicationScoped
public class Settings {

    /** An IP address (v4, or v6 in its textual forms) or a DNS name. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    /** scheme://host[:port], as browsers send it in {@code Origin}; a trailing slash is forgiven. */
    private static final Pattern ORIGIN =
            Pattern.compile("(?i)[a-z][a-z0-9+.-]*://(\\[[0-9a-f:.]+]|[a-z0-9.-]+)(:\\d{1,5})?/?");

    /** What an issuer or audience setting may be: a URI or a name. */
    private static final Pattern CLAIM_VALUE = Pattern.compile("[^\\s\\p{Cntrl}]{1,256}");

    /** RFC 6750's b64token: what {@code Authorization: Bearer} can carry. */
    /** A room name, or a prefix of one followed by {@code *} (as in a token's rooms claim). */
    private static final Pattern ROOM_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,64}|[A-Za-z0-9_.-]{0,63}\\*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private final UnaryOperator<String> environment;
    private final Properties systemProperties;
    private volatile UnaryOperator<String> contextParameters = name -> null;
    private final Map<Knob, Object> parsed = new ConcurrentHashMap<>();

    /** Where the stores live ({@code store}). */
    public enum StoreKind { MEMORY }

    /** How a client's identity is decided ({@code auth}). */
    public enum AuthMode { OPEN, TOKEN, CONTAINER }

    /** What HMAC-SHA-256 needs of a secret (RFC 7518, 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    public Settings() {
        this(System::getenv, System.getProperties());
    }

    public Settings(UnaryOperator<String> environment, Properties systemProperties) {
        this.environment = Objects.requireNonNull(environment);
        this.systemProperties = Objects.requireNonNull(systemProperties);
    }

    /** Installs the servlet context parameters of the deployed WAR as the third source. */
    public void useContextParameters(UnaryOperator<String> parameters) {
        contextParameters = Objects.requireNonNull(parameters);
        parsed.clear();
    }

    /**
     * Reads every knob once, so that a deployment with an invalid value fails at start, naming each invalid knob,
     * instead of on the first connection that needs it.
     *
     * @throws IllegalStateException listing every invalid value
     */
    public void validate() {
        List<Runnable> readers = List.of(this::port, this::host, this::ioThreads, this::requestTimeout,
                this::httpIdleTimeout, this::maxConnections, this::maxConnectionsPerAddress,
                this::maxConnectionsPerUser, this::trustedProxies,
                this::maxMessageSize, this::outboxCapacity, this::outboxMaxBytes, this::sendTimeout, this::pingInterval,
                this::sendThreads, this::closeTimeout, this::allowedOrigins, this::allowedHosts, this::publishToken,
                this::auth, this::tokenSecret, this::tokenJwks, this::tokenIssuer, this::tokenAudience,
                this::tokenClockSkew, this::tokenInQuery, this::roomRoles, this::queryUser, this::maxTextLength,
                this::messageRate,
                this::messageBurst, this::maxRoomsPerConnection, this::historySize, this::historyTotal,
                this::historyTotalBytes, this::historyAge, this::mailboxSize, this::mailboxTotal,
                this::mailboxTotalBytes, this::mailboxAge, this::mailboxKnownUsers, this::store);
        List<String> problems = new ArrayList<>();
        for (Runnable reader : readers) {
            try {
                reader.run();
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && auth() == AuthMode.TOKEN && tokenSecret().isEmpty() && tokenJwks().isEmpty()) {
            problems.add("wshub setting auth is 'token', which needs a key: set token-secret (WSHUB_TOKEN_SECRET) or "
                    + "token-jwks (WSHUB_TOKEN_JWKS)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    /** The raw value of a knob, from the first source that has it. */
    public String raw(Knob knob) {
        String value = environment.apply(knob.environmentVariable());
        if (value == null) {
            value = systemProperties.getProperty(knob.propertyName());
        }
        if (value == null) {
            value = contextParameters.apply(knob.propertyName());
        }
        return value == null ? knob.defaultValue() : value.trim();
    }

    public int port() {
        return cached(Knob.PORT, () -> integer(Knob.PORT, 0, 65535));
    }

    public String host() {
        return cached(Knob.HOST, () -> {
            String host = raw(Knob.HOST);
            if (!HOST.matcher(host).matches()) {
                throw invalid(Knob.HOST, host, "an IP address or a host name");
            }
            return host;
        });
    }

    /** The embedded server's event-loop threads; 0 leaves the count to Grizzly. */
    public int ioThreads() {
        return cached(Knob.IO_THREADS, () -> integer(Knob.IO_THREADS, 0, 1024));
    }

    public Duration requestTimeout() {
        return cached(Knob.REQUEST_TIMEOUT_MS, () ->
                Duration.ofMillis(integer(Knob.REQUEST_TIMEOUT_MS, 100, Integer.MAX_VALUE)));
    }

    public Duration httpIdleTimeout() {
        return cached(Knob.HTTP_IDLE_TIMEOUT_SECONDS, () ->
                Duration.ofSeconds(integer(Knob.HTTP_IDLE_TIMEOUT_SECONDS, 1, Integer.MAX_VALUE)));
    }

    /** The configured cap on open connections; 0 when it is left to the open-file limit. */
    public int maxConnections() {
        return cached(Knob.MAX_CONNECTIONS, () -> integer(Knob.MAX_CONNECTIONS, 0, Integer.MAX_VALUE));
    }

    public int maxConnectionsPerAddress() {
        return cached(Knob.MAX_CONNECTIONS_PER_ADDRESS, () ->
                integer(Knob.MAX_CONNECTIONS_PER_ADDRESS, 1, Integer.MAX_VALUE));
    }

    public int maxConnectionsPerUser() {
        return cached(Knob.MAX_CONNECTIONS_PER_USER, () ->
                integer(Knob.MAX_CONNECTIONS_PER_USER, 1, Integer.MAX_VALUE));
    }

    public List<AddressRange> trustedProxies() {
        return cached(Knob.TRUSTED_PROXIES, () -> {
            List<AddressRange> ranges = new ArrayList<>();
            for (String entry : raw(Knob.TRUSTED_PROXIES).split(",")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty()) {
                    ranges.add(AddressRange.parse(trimmed).orElseThrow(() -> invalid(Knob.TRUSTED_PROXIES, trimmed,
                            "IP addresses or CIDR ranges such as 10.0.0.0/8 or fd00::/8")));
                }
            }
            return List.copyOf(ranges);
        });
    }

    public int maxMessageSize() {
        return cached(Knob.MAX_MESSAGE_SIZE, () -> integer(Knob.MAX_MESSAGE_SIZE, 1, Integer.MAX_VALUE));
    }

    public int outboxCapacity() {
        return cached(Knob.OUTBOX_CAPACITY, () -> integer(Knob.OUTBOX_CAPACITY, 1, 1 << 20));
    }

    public int outboxMaxBytes() {
        return cached(Knob.OUTBOX_MAX_BYTES, () -> integer(Knob.OUTBOX_MAX_BYTES, 65536, Integer.MAX_VALUE));
    }

    public Duration sendTimeout() {
        return cached(Knob.SEND_TIMEOUT_MS, () ->
                Duration.ofMillis(integer(Knob.SEND_TIMEOUT_MS, 1, Integer.MAX_VALUE)));
    }

    /** How often connections are pinged; zero when keep-alive is off. */
    public Duration pingInterval() {
        return cached(Knob.PING_INTERVAL_SECONDS, () ->
                Duration.ofSeconds(integer(Knob.PING_INTERVAL_SECONDS, 0, Integer.MAX_VALUE)));
    }

    public int sendThreads() {
        return cached(Knob.SEND_THREADS, () -> integer(Knob.SEND_THREADS, 1, 10_000));
    }

    public Duration closeTimeout() {
        return cached(Knob.CLOSE_TIMEOUT_MS, () ->
                Duration.ofMillis(integer(Knob.CLOSE_TIMEOUT_MS, 1, Integer.MAX_VALUE)));
    }

    /** The Origin allow-list; empty means "the request's own host and localhost". */
    public List<String> allowedOrigins() {
        return cached(Knob.ALLOWED_ORIGINS, () -> {
            List<String> origins = Arrays.stream(raw(Knob.ALLOWED_ORIGINS).split(","))
                    .map(String::trim)
                    .filter(origin -> !origin.isEmpty())
                    .toList();
            for (String origin : origins) {
                if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                    throw invalid(Knob.ALLOWED_ORIGINS, origin, "'*' or origins such as https://chat.example.com:8443");
                }
            }
            return origins;
        });
    }

    /** The Host allow-list, lower case; empty means "loopback names and the address a request came in on". */
    public List<String> allowedHosts() {
        return cached(Knob.ALLOWED_HOSTS, () -> {
            List<String> hosts = Arrays.stream(raw(Knob.ALLOWED_HOSTS).split(","))
                    .map(host -> host.trim().toLowerCase(Locale.ROOT))
                    .filter(host -> !host.isEmpty())
                    .toList();
            for (String host : hosts) {
                if (!host.equals("*") && !HOST.matcher(host).matches()) {
                    throw invalid(Knob.ALLOWED_HOSTS, host,
                            "'*' or host names such as chat.example.com or .example.com");
                }
            }
            return hosts;
        });
    }

    /** The token HTTP publishers must present, if one is set. */
    public Optional<String> publishToken() {
        return cached(Knob.PUBLISH_TOKEN, () -> {
            String token = raw(Knob.PUBLISH_TOKEN);
            if (!token.isEmpty() && !TOKEN.matcher(token).matches()) {
                throw invalid(Knob.PUBLISH_TOKEN, "(hidden)",
                        "letters, digits and -._~+/ (with = at the end), as an Authorization: Bearer header can carry");
            }
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        });
    }

    public AuthMode auth() {
        return cached(Knob.AUTH, () -> {
            String value = raw(Knob.AUTH);
            for (AuthMode mode : AuthMode.values()) {
                if (mode.name().equalsIgnoreCase(value)) {
                    return mode;
                }
            }
            throw invalid(Knob.AUTH, value, "open, token or container");
        });
    }

    /** The HMAC secret tokens are signed with, if one is set. */
    public Optional<String> tokenSecret() {
        return cached(Knob.TOKEN_SECRET, () -> {
            String secret = raw(Knob.TOKEN_SECRET);
            if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw invalid(Knob.TOKEN_SECRET, "(hidden)", "at least " + MIN_SECRET_BYTES + " bytes");
            }
            return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
        });
    }

    /** The JWKS file of the public keys tokens are signed with, if one is set: read once here, to be valid. */
    public Optional<Path> tokenJwks() {
        return cached(Knob.TOKEN_JWKS, () -> {
            String file = raw(Knob.TOKEN_JWKS);
            if (file.isEmpty()) {
                return Optional.empty();
            }
            Path path = Path.of(file);
            try {
                if (JWKSet.load(path.toFile()).toPublicJWKSet().getKeys().isEmpty()) {
                    throw invalid(Knob.TOKEN_JWKS, file, "a JWKS file with at least one RSA or EC public key");
                }
            } catch (IOException | ParseException e) {
                throw invalid(Knob.TOKEN_JWKS, file, "a readable JWKS file (" + e.getMessage() + ")");
            }
            return Optional.of(path);
        });
    }

    public Optional<String> tokenIssuer() {
        return cached(Knob.TOKEN_ISSUER, () -> claimValue(Knob.TOKEN_ISSUER));
    }

    public Optional<String> tokenAudience() {
        return cached(Knob.TOKEN_AUDIENCE, () -> claimValue(Knob.TOKEN_AUDIENCE));
    }

    public Duration tokenClockSkew() {
        return cached(Knob.TOKEN_CLOCK_SKEW_SECONDS, () ->
                Duration.ofSeconds(integer(Knob.TOKEN_CLOCK_SKEW_SECONDS, 0, 300)));
    }

    public boolean tokenInQuery() {
        return cached(Knob.TOKEN_IN_QUERY, () -> bool(Knob.TOKEN_IN_QUERY));
    }

    /** With {@code auth=container}: the rooms each role may use, as room patterns by role; empty = every room. */
    public Map<String, List<String>> roomRoles() {
        return cached(Knob.ROOM_ROLES, () -> {
            String value = raw(Knob.ROOM_ROLES);
            Map<String, List<String>> byRole = new LinkedHashMap<>();
            for (String pair : value.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String pattern = equals < 0 ? "" : pair.substring(0, equals).trim();
                String role = equals < 0 ? "" : pair.substring(equals + 1).trim();
                if (!ROOM_PATTERN.matcher(pattern).matches() || role.isEmpty()) {
                    throw invalid(Knob.ROOM_ROLES, value, "pattern=role pairs separated by commas, a pattern being a "
                            + "room name or a prefix followed by *, e.g. team-*=wshub-team,lobby=wshub-user");
                }
                byRole.computeIfAbsent(role, any -> new ArrayList<>()).add(pattern);
            }
            byRole.replaceAll((role, patterns) -> List.copyOf(patterns));
            // in the order written: the rooms claim lists the patterns so
            return Collections.unmodifiableMap(byRole);
        });
    }

    public boolean queryUser() {
        return cached(Knob.QUERY_USER, () -> bool(Knob.QUERY_USER));
    }

    public int maxTextLength() {
        return cached(Knob.MAX_TEXT_LENGTH, () -> integer(Knob.MAX_TEXT_LENGTH, 1, Integer.MAX_VALUE));
    }

    public int messageRate() {
        return cached(Knob.MESSAGE_RATE, () -> integer(Knob.MESSAGE_RATE, 1, Integer.MAX_VALUE));
    }

    public int messageBurst() {
        return cached(Knob.MESSAGE_BURST, () -> integer(Knob.MESSAGE_BURST, 1, Integer.MAX_VALUE));
    }

    public int maxRoomsPerConnection() {
        return cached(Knob.MAX_ROOMS, () -> integer(Knob.MAX_ROOMS, 1, Integer.MAX_VALUE));
    }

    public int historySize() {
        return cached(Knob.HISTORY_SIZE, () -> integer(Knob.HISTORY_SIZE, 1, 1_000_000));
    }

    public int historyTotal() {
        return cached(Knob.HISTORY_TOTAL, () -> integer(Knob.HISTORY_TOTAL, 1, Integer.MAX_VALUE));
    }

    public int historyTotalBytes() {
        return cached(Knob.HISTORY_TOTAL_BYTES, () -> integer(Knob.HISTORY_TOTAL_BYTES, 65536, Integer.MAX_VALUE));
    }

    public Duration historyAge() {
        return cached(Knob.HISTORY_AGE_SECONDS, () ->
                Duration.ofSeconds(integer(Knob.HISTORY_AGE_SECONDS, 1, Integer.MAX_VALUE)));
    }

    public int mailboxSize() {
        return cached(Knob.MAILBOX_SIZE, () -> integer(Knob.MAILBOX_SIZE, 1, 1_000_000));
    }

    public int mailboxTotal() {
        return cached(Knob.MAILBOX_TOTAL, () -> integer(Knob.MAILBOX_TOTAL, 1, Integer.MAX_VALUE));
    }

    public int mailboxTotalBytes() {
        return cached(Knob.MAILBOX_TOTAL_BYTES, () -> integer(Knob.MAILBOX_TOTAL_BYTES, 65536, Integer.MAX_VALUE));
    }

    public Duration mailboxAge() {
        return cached(Knob.MAILBOX_AGE_SECONDS, () ->
                Duration.ofSeconds(integer(Knob.MAILBOX_AGE_SECONDS, 1, Integer.MAX_VALUE)));
    }

    public int mailboxKnownUsers() {
        return cached(Knob.MAILBOX_KNOWN_USERS, () -> integer(Knob.MAILBOX_KNOWN_USERS, 1, 100_000_000));
    }

    public StoreKind store() {
        return cached(Knob.STORE, () -> {
            String value = raw(Knob.STORE);
            if (value.equalsIgnoreCase("memory")) {
                return StoreKind.MEMORY;
            }
            throw invalid(Knob.STORE, value, "memory");
        });
    }

    /** A knob's value, parsed the first time it is asked for; an invalid one is not kept, and fails every time. */
    @SuppressWarnings("unchecked")
    private <T> T cached(Knob knob, Supplier<T> parse) {
        Object value = parsed.get(knob);
        if (value == null) {
            value = parse.get();
            parsed.putIfAbsent(knob, value);
        }
        return (T) value;
    }

    private int integer(Knob knob, int min, int max) {
        String value = raw(knob);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the knob's name and range
        }
        throw invalid(knob, value, "a whole number from " + min + " to " + max);
    }

    private boolean bool(Knob knob) {
        String value = raw(knob);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(knob, value, "true or false");
    }

    /** An {@code iss} or {@code aud} a token must match, such as https://login.example.com. */
    private Optional<String> claimValue(Knob knob) {
        String value = raw(knob);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!CLAIM_VALUE.matcher(value).matches()) {
            throw invalid(knob, value, "1 to 256 characters without spaces, such as https://login.example.com");
        }
        return Optional.of(value);
    }

    private static IllegalStateException invalid(Knob knob, String value, String expected) {
        return new IllegalStateException("wshub setting " + knob.key() + " (" + knob.environmentVariable() + " / "
                + knob.propertyName() + ") is '" + value + "', expected " + expected);
    }
}
