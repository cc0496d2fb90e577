package io.wshub.stats;

import io.wshub.json.JsonTextDecoder;

/**
 * The decoder of {@code /ws/stats}; the container instantiates it. Replies are written by the connection's wire
 * format.
 */
public final class StatsCodec {

    private StatsCodec() {
    }

    public static class Decoder extends JsonTextDecoder<StatsCommand> {
        public Decoder() {
            super(StatsCommand.class);
        }
    }
}
