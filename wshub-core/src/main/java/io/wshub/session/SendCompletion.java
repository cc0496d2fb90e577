package io.wshub.session;

/** Told once when a send of a {@link Transport} has ended: written, or failed. */
@FunctionalInterface
public interface SendCompletion {

    /** @param failure null when the message was written; else why it was not */
    void completed(Throwable failure);
}
