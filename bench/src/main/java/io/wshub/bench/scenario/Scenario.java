package io.wshub.bench.scenario;

import io.wshub.bench.client.Clients;
import io.wshub.bench.server.Target;
import jakarta.json.JsonObject;

/** One measurement against one running server; its result is one JSON object (printed as one line). */
public interface Scenario {

    /** The scenario's name in the results, e.g. {@code echo-100}. */
    String name();

    /** Whether the server offers what the scenario needs. */
    default boolean appliesTo(Target target) {
        return true;
    }

    JsonObject run(Target target, Clients clients) throws Exception;
}
