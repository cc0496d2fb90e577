package io.wshub.json;

/** Encodes {@link ErrorMessage}s; every JSON endpoint lists it among its encoders. */
public class ErrorEncoder extends JsonbTextEncoder<ErrorMessage> {

    public ErrorEncoder() {
        super(ErrorMessage.class);
    }
}
