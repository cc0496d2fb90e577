package io.wshub.json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * Produces the application's one {@link Jsonb}, closed when the application stops, and its {@link RawJson} wire
 * format. Building a {@code Jsonb} is costly and an instance is thread-safe, so it is shared and never
 * reconfigured: null properties are left out, and messages name their property order with
 * {@code @JsonbPropertyOrder} so that {@code type} comes first. Both are {@code @Singleton}s rather than of a normal
 * scope: they are called on every broadcast, with no client proxy between, and a connection's format is compared
 * by identity. Stateless.
 */
@ApplicationScoped
public class JsonProducers {

    /** A {@code Jsonb} configured as the application's; whoever calls this closes it. */
    public static Jsonb newJsonb() {
        return JsonbBuilder.create(new JsonbConfig().withNullValues(false));
    }

    @Produces
    @Singleton
    Jsonb jsonb() {
        return newJsonb();
    }

    void close(@Disposes Jsonb jsonb) throws Exception {
        jsonb.close();
    }

    @Produces
    @Singleton
    RawJson rawJson(Jsonb jsonb) {
        return new RawJson(jsonb);
    }
}
