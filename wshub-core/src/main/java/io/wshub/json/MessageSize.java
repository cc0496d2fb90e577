package io.wshub.json;

import io.wshub.config.Settings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.DecodeException;

import java.nio.charset.StandardCharsets;

/**
 * The inbound message size limit, checked by wshub itself. Tomcat and Tyrus (through the embedded server's frame
 * guard) enforce {@code max-message-size} before a message reaches the application; Undertow (WildFly) ignores
 * {@code Session.setMaxTextMessageBufferSize}, so decoders and endpoints check again. Stateless.
 */
public final class MessageSize {

    private MessageSize() {
    }

    /** The configured limit, for decoders, which the container builds outside CDI. */
    public static int configuredLimit() {
        return CDI.current().select(Settings.class).get().maxMessageSize();
    }

    /** Whether a text is larger than {@code limit} bytes once encoded in UTF-8; counts only when it must. */
    public static boolean exceeds(String text, int limit) {
        if (text.length() > limit) {
            return true;
        }
        if ((long) text.length() * 3 <= limit) {
            return false;
        }
        return text.getBytes(StandardCharsets.UTF_8).length > limit;
    }

    /** @throws TooBig if the text is larger than the limit */
    public static void check(String text, int limit) throws TooBig {
        if (exceeds(text, limit)) {
            throw new TooBig(text, limit);
        }
    }

    /** A message over the limit; the endpoint closes the connection with 1009. */
    public static final class TooBig extends DecodeException {

        TooBig(String text, int limit) {
            super(text.substring(0, Math.min(text.length(), 64)), "message larger than " + limit + " bytes");
        }
    }
}
