package io.wshub.security;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.wshub.store.RedisScript;
import jakarta.enterprise.inject.Vetoed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tickets in Redis, so that a ticket bought on one node is redeemed once, on any: each ticket's identity (as JSON),
 * size, owner and expiry in hashes and a sorted set, the unspent tickets per user and the characters of all, every
 * change made by one script. Expired tickets go, up to {@value #SWEEP} at a time, whenever a ticket is kept. The
 * keys share one hash tag, so the scripts run on Redis Cluster too. Thread-safe: Lettuce's connection is, and each
 * call is one script.
 */
@Vetoed
public class RedisTickets implements Tickets {

    static final int SWEEP = 512;

    private static final String[] KEYS = {"wshub:{tickets}:identity", "wshub:{tickets}:size", "wshub:{tickets}:owner",
        "wshub:{tickets}:expiry", "wshub:{tickets}:per-user", "wshub:{tickets}:chars"};

    private static final String RELEASE = """
            local function release(ticket)
              local size = tonumber(redis.call('HGET', KEYS[2], ticket) or '0')
              local owner = redis.call('HGET', KEYS[3], ticket)
              redis.call('HDEL', KEYS[1], ticket)
              redis.call('HDEL', KEYS[2], ticket)
              redis.call('HDEL', KEYS[3], ticket)
              redis.call('ZREM', KEYS[4], ticket)
              if owner and redis.call('HINCRBY', KEYS[5], owner, -1) <= 0 then
                redis.call('HDEL', KEYS[5], owner)
              end
              redis.call('DECRBY', KEYS[6], size)
            end
            """;

    /** ARGV: ticket, identity, expires (ms), now (ms), user, per-user limit, size, most characters. */
    private static final RedisScript KEEP = new RedisScript(RELEASE + """
            for _, expired in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[4], 'LIMIT', 0, %d)) do
              release(expired)
            end
            if tonumber(redis.call('HGET', KEYS[5], ARGV[5]) or '0') >= tonumber(ARGV[6]) then
              return 'USER_FULL'
            end
            if tonumber(redis.call('GET', KEYS[6]) or '0') + tonumber(ARGV[7]) > tonumber(ARGV[8]) then
              return 'FULL'
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[7])
            redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
            redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
            redis.call('HINCRBY', KEYS[5], ARGV[5], 1)
            redis.call('INCRBY', KEYS[6], ARGV[7])
            return 'KEPT'
            """.formatted(SWEEP));

    /** ARGV: ticket, now (ms). */
    private static final RedisScript TAKE = new RedisScript(RELEASE + """
            local identity = redis.call('HGET', KEYS[1], ARGV[1])
            if not identity then
              return false
            end
            local expires = tonumber(redis.call('ZSCORE', KEYS[4], ARGV[1]))
            release(ARGV[1])
            if expires <= tonumber(ARGV[2]) then
              return false
            end
            return identity
            """);

    private final RedisCommands<String, String> redis;
    private final long maxChars;
    private final Clock clock;

    public RedisTickets(RedisCommands<String, String> redis, long maxChars, Clock clock) {
        this.redis = redis;
        this.maxChars = maxChars;
        this.clock = clock;
    }

    @Override
    public Kept keep(String ticket, Identity identity, Instant expires, int perUser) {
        long size = ticket.length() + identity.chars();
        String kept = KEEP.run(redis, ScriptOutputType.VALUE, KEYS, ticket, toJson(identity),
                Long.toString(expires.toEpochMilli()), Long.toString(clock.millis()), identity.user(),
                Integer.toString(perUser), Long.toString(size), Long.toString(maxChars));
        return Kept.valueOf(kept);
    }

    @Override
    public Optional<Identity> take(String ticket) {
        String identity = TAKE.run(redis, ScriptOutputType.VALUE, KEYS, ticket, Long.toString(clock.millis()));
        return Optional.ofNullable(identity).map(RedisTickets::fromJson);
    }

    private static String toJson(Identity identity) {
        JsonObjectBuilder claims = Json.createObjectBuilder();
        identity.claims().forEach(claims::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("user", identity.user())
                .add("anonymous", identity.anonymous()).add("claims", claims);
        if (identity.expiry() != null) {
            json.add("expiry", identity.expiry().toString());
        }
        return json.build().toString();
    }

    private static Identity fromJson(String text) {
        JsonObject json = Json.createReader(new StringReader(text)).readObject();
        Map<String, String> claims = new HashMap<>();
        json.getJsonObject("claims").forEach((name, value) -> claims.put(name, json.getJsonObject("claims")
                .getString(name)));
        return new Identity(json.getString("user"), json.getBoolean("anonymous"),
                json.containsKey("expiry") ? Instant.parse(json.getString("expiry")) : null, claims);
    }
}
