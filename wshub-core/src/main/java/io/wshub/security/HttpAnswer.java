package io.wshub.security;

import jakarta.json.Json;

import java.util.HashMap;
import java.util.Map;

/**
 * What wshub's HTTP API answers, whatever serves the HTTP (a servlet in the WARs, a Grizzly handler on the embedded
 * server): a status, a JSON body and extra headers. Immutable.
 */
public record HttpAnswer(int status, String body, Map<String, String> headers) {

    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    /** An error: {@code {"error":code,"message":message}}. */
    public static HttpAnswer error(int status, String code, String message) {
        return error(status, code, message, Map.of());
    }

    public static HttpAnswer error(int status, String code, String message, Map<String, String> headers) {
        String body = Json.createObjectBuilder().add("error", code).add("message", message).build().toString();
        return new HttpAnswer(status, body, headers);
    }

    /** A check's refusal, as an answer. */
    public static HttpAnswer refused(HandshakeCheck.Refuse refused) {
        return error(refused.status(), refused.code(), refused.message(), refused.headers());
    }

    /** This answer, with {@code Connection: close}. */
    public HttpAnswer closing() {
        Map<String, String> closing = new HashMap<>(headers);
        closing.put("Connection", "close");
        return new HttpAnswer(status, body, closing);
    }
}
