package io.wshub.stats;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/** What a client may send to {@code /ws/stats}. Immutable records. */
@JsonbTypeInfo(key = "type", value = @JsonbSubtype(alias = "stats", type = StatsCommand.Stats.class))
public sealed interface StatsCommand {

    String id();

    /** Asks for a {@link StatsReply}; {@code id}, when present, is echoed in the reply. */
    record Stats(String id) implements StatsCommand {
    }
}
