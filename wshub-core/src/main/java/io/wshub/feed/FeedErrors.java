package io.wshub.feed;

/** The error codes of the feed endpoint and the HTTP publish API (docs/protocol.md lists them). */
public final class FeedErrors {

    /** A client sent something on a feed, which only the server writes to. */
    public static final String READ_ONLY = "read-only";
    /** A topic name that is not 1 to 64 of letters, digits, '_', '.', '-'. */
    public static final String INVALID_TOPIC = "invalid-topic";

    private FeedErrors() {
    }
}
