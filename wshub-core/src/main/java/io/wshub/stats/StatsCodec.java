package io.wshub.stats;

import io.wshub.json.JsonTextDecoder;
import io.wshub.json.JsonbTextEncoder;

/** The JSON-B codecs of {@code /ws/stats}; the container instantiates them. */
public final class StatsCodec {

    private StatsCodec() {
    }

    public static class Decoder extends JsonTextDecoder<StatsCommand> {
        public Decoder() {
            super(StatsCommand.class);
        }
    }

    public static class Encoder extends JsonbTextEncoder<StatsReply> {
        public Encoder() {
            super(StatsReply.class);
        }
    }
}
