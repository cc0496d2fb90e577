package io.wshub.chat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.wshub.chat.message.ChatEvent;
import io.wshub.store.RedisScript;
import jakarta.enterprise.inject.Vetoed;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Room logs in Redis, shared by every node. Per room, with one hash tag: a hash of the epoch and the last seq, a
 * stream of the kept messages whose entry ids are their seqs (trimmed to {@code history-size} exactly), and a key
 * per sender's client id naming the seq it was accepted with. One script appends: it checks the client id, takes the
 * next seq and adds the message, so the order of the stream is the order of the seqs. Every key of a room expires
 * {@code history-age-seconds} after its last message: a room idle that long starts over under a new epoch, as a log
 * that Redis lost does. Messages older than that are not replayed. Thread-safe: Lettuce's connection is, and each
 * call is one script.
 */
@Vetoed
public class RedisRoomLogs implements RoomLogs {

    /** Makes the room's log if it has none (a new epoch, no seq yet); defined first in every script. */
    private static final String OPEN = """
            local function open(epoch)
              local current = redis.call('HGET', KEYS[1], 'epoch')
              if current then
                return current
              end
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
              redis.call('EXPIRE', KEYS[1], ARGV[2])
              return epoch
            end
            """;

    /** KEYS: meta, log. ARGV: new epoch, age (s). Returns {epoch, last seq}. */
    private static final RedisScript HEAD = new RedisScript(OPEN + """
            local epoch = open(ARGV[1])
            return {epoch, tonumber(redis.call('HGET', KEYS[1], 'seq'))}
            """);

    /**
     * KEYS: meta, log, client id (or any key of the room's tag, without one). ARGV: new epoch, age (s), sender,
     * client id (or ''), text, ts, at (ms), per room. Returns {'POSTED', epoch, seq} or {'EARLIER', epoch, seq, the
     * earlier message's fields} when the client id was accepted for a message still kept.
     */
    private static final RedisScript APPEND = new RedisScript(OPEN + """
            local epoch = open(ARGV[1])
            if ARGV[4] ~= '' then
              local earlier = redis.call('GET', KEYS[3])
              if earlier then
                local kept = redis.call('XRANGE', KEYS[2], earlier .. '-0', earlier .. '-0')
                if #kept > 0 then
                  return {'EARLIER', epoch, tonumber(earlier), kept[1][2]}
                end
              end
            end
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('XADD', KEYS[2], 'MAXLEN', '=', ARGV[8], seq .. '-0', 'from', ARGV[3], 'text', ARGV[5],
                'ts', ARGV[6], 'at', ARGV[7], 'id', ARGV[4])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            if ARGV[4] ~= '' then
              redis.call('SET', KEYS[3], seq, 'EX', ARGV[2])
            end
            return {'POSTED', epoch, seq}
            """);

    /**
     * KEYS: meta, log. ARGV: new epoch, age (s), epoch asked about (or ''), after, until. Returns {epoch, last seq,
     * start, 1 if the seq asked about counts in this log else 0, entries}.
     */
    private static final RedisScript SINCE = new RedisScript(OPEN + """
            local epoch = open(ARGV[1])
            local last = tonumber(redis.call('HGET', KEYS[1], 'seq'))
            local after = tonumber(ARGV[4])
            local same
            if ARGV[3] == '' then
              same = after <= last
            else
              same = ARGV[3] == epoch
            end
            local start = 0
            local sameFlag = 0
            if same then
              start = after
              sameFlag = 1
            end
            local untilSeq = tonumber(ARGV[5])
            local entries = {}
            if untilSeq > start then
              entries = redis.call('XRANGE', KEYS[2], (start + 1) .. '-0', untilSeq .. '-0')
            end
            return {epoch, last, start, sameFlag, entries}
            """);

    /** What the store keeps: messages per room, for how long. */
    public record Limits(int perRoom, Duration maxAge) {
    }

    private final RedisCommands<String, String> redis;
    private final Limits limits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RedisRoomLogs(RedisCommands<String, String> redis, Limits limits, Clock clock) {
        this.redis = redis;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public Head head(String room) {
        List<Object> head = HEAD.run(redis, ScriptOutputType.MULTI, keys(room), newEpoch(), age());
        return new Head((String) head.get(0), (Long) head.get(1));
    }

    @Override
    public Posted append(String room, String sender, String clientId, String text) {
        Instant now = clock.instant();
        String[] keys = keys(room);
        String idKey = clientId == null ? keys[0] : "wshub:room:{" + room + "}:id:" + sender + "\n" + clientId;
        List<Object> done = APPEND.run(redis, ScriptOutputType.MULTI, new String[] {keys[0], keys[1], idKey},
                newEpoch(), age(), sender, clientId == null ? "" : clientId, text, now.toString(),
                Long.toString(now.toEpochMilli()), Integer.toString(limits.perRoom()));
        String epoch = (String) done.get(1);
        long seq = (Long) done.get(2);
        if ("POSTED".equals(done.get(0))) {
            return new Posted(new StoredMessage(new ChatEvent.Message(room, seq, sender, text, now.toString(),
                    clientId), now), epoch, Outcome.POSTED);
        }
        @SuppressWarnings("unchecked")
        StoredMessage earlier = stored(room, seq, (List<Object>) done.get(3));
        return new Posted(earlier, epoch, earlier.message().text().equals(text) ? Outcome.DUPLICATE
                : Outcome.CONFLICT);
    }

    @Override
    public Replay since(String room, String epoch, long after, long until) {
        List<Object> found = SINCE.run(redis, ScriptOutputType.MULTI, keys(room), newEpoch(), age(),
                epoch == null ? "" : epoch, Long.toString(after), Long.toString(until));
        String current = (String) found.get(0);
        long last = (Long) found.get(1);
        long start = (Long) found.get(2);
        Instant oldest = clock.instant().minus(limits.maxAge());
        List<StoredMessage> kept = new ArrayList<>();
        boolean sameLog = (Long) found.get(3) == 1;
        for (Object entry : (List<?>) found.get(4)) {
            List<?> idAndFields = (List<?>) entry;
            String id = (String) idAndFields.get(0);
            @SuppressWarnings("unchecked")
            StoredMessage stored = stored(room, Long.parseLong(id.substring(0, id.indexOf('-'))),
                    (List<Object>) idAndFields.get(1));
            if (!stored.at().isBefore(oldest)) {
                kept.add(stored);
            }
        }
        long wanted = Math.max(0, Math.min(until, last) - start);
        return new Replay(current, start, List.copyOf(kept), sameLog && kept.size() == wanted);
    }

    /** A message from its stream entry's fields (name, value, ...). */
    private static StoredMessage stored(String room, long seq, List<Object> fields) {
        String from = null;
        String text = null;
        String ts = null;
        String id = null;
        long at = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = (String) fields.get(i + 1);
            switch ((String) fields.get(i)) {
                case "from" -> from = value;
                case "text" -> text = value;
                case "ts" -> ts = value;
                case "id" -> id = value.isEmpty() ? null : value;
                case "at" -> at = Long.parseLong(value);
                default -> { }
            }
        }
        return new StoredMessage(new ChatEvent.Message(room, seq, from, text, ts, id), Instant.ofEpochMilli(at));
    }

    private static String[] keys(String room) {
        return new String[] {"wshub:room:{" + room + "}:meta", "wshub:room:{" + room + "}:log"};
    }

    private String age() {
        return Long.toString(Math.max(1, limits.maxAge().toSeconds()));
    }

    /** An epoch for a room that has no log: taken only then. */
    private String newEpoch() {
        byte[] bits = new byte[8];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
