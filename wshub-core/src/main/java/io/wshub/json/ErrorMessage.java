package io.wshub.json;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The answer to a client message the server could not accept: {@code {"type":"error","id":...,"code":...,
 * "message":...}}. The connection stays open. Immutable.
 *
 * @param type    always {@code error}
 * @param id      the {@code id} of the client message it answers, when it had one
 * @param code    machine-readable, one of {@link ErrorCode}'s
 * @param message for people
 */
@JsonbPropertyOrder({"type", "id", "code", "message"})
public record ErrorMessage(String type, String id, String code, String message) {

    public ErrorMessage(String id, String code, String message) {
        this("error", id, code, message);
    }
}
