package io.wshub.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script that Redis runs atomically: what the Redis stores change in more than one step, they change through
 * one of these, never by reading and writing back. Sent by its SHA-1 ({@code EVALSHA}); whole ({@code EVAL}, which
 * also makes Redis keep it) when Redis does not know it, as after a restart. Immutable.
 */
public final class RedisScript {

    private final String text;
    private final String sha;

    public RedisScript(String text) {
        this.text = text;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Runs the script on these keys (all of one hash tag, for Redis Cluster) with these arguments. */
    public <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException unknown) {
            return redis.eval(text, type, keys, args);
        }
    }
}
