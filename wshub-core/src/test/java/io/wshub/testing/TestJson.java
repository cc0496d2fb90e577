package io.wshub.testing;

import io.wshub.json.JsonProducers;
import io.wshub.json.RawJson;
import io.wshub.session.WireFormat;
import jakarta.json.bind.Jsonb;

/** Wire formats for tests built without CDI. */
public final class TestJson {

    /** The application's one Jsonb. */
    public static final Jsonb JSONB = JsonProducers.newJsonb();

    /** wshub's own format: one instance, as the application has. */
    public static final RawJson RAW = new RawJson(JSONB);

    /** A string as it is, anything else as {@link #RAW} writes it: for tests whose messages are labels. */
    public static final WireFormat LABELS = message -> message instanceof String label ? label : RAW.encode(message);

    private TestJson() {
    }
}
