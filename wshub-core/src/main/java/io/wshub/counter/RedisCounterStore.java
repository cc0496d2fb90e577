package io.wshub.counter;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.wshub.store.RedisScript;
import jakarta.enterprise.inject.Vetoed;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The counter's value in Redis, shared by every node: one hash (value, version, epoch) changed by a script. A Redis
 * that lost its data (restarted empty) starts a new epoch at 0. Thread-safe: Lettuce's connection is, and each call
 * is one script.
 */
@Vetoed
public class RedisCounterStore implements CounterStore {

    private static final String KEY = "wshub:{counter}";

    private static final RedisScript ADD = new RedisScript("""
            redis.call('HSETNX', KEYS[1], 'epoch', ARGV[2])
            local value = redis.call('HINCRBY', KEYS[1], 'value', ARGV[1])
            local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
            return {value, version}
            """);

    private static final RedisScript READ = new RedisScript("""
            redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1])
            local fields = redis.call('HMGET', KEYS[1], 'value', 'version', 'epoch')
            return {tonumber(fields[1] or '0'), tonumber(fields[2] or '0'), fields[3]}
            """);

    private final RedisCommands<String, String> redis;
    private final SecureRandom random = new SecureRandom();

    public RedisCounterStore(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public Value add(long delta) {
        List<Long> changed = ADD.run(redis, ScriptOutputType.MULTI, new String[] {KEY}, Long.toString(delta),
                newEpoch());
        return new Value(changed.get(0), changed.get(1));
    }

    @Override
    public Value current() {
        List<Object> read = read();
        return new Value((Long) read.get(0), (Long) read.get(1));
    }

    @Override
    public String epoch() {
        return (String) read().get(2);
    }

    private List<Object> read() {
        return READ.run(redis, ScriptOutputType.MULTI, new String[] {KEY}, newEpoch());
    }

    /** An epoch for the value, should Redis have none: taken only then. */
    private String newEpoch() {
        byte[] bits = new byte[8];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
