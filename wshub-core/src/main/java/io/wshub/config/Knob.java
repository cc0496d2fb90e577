package io.wshub.config;

/**
 * One configuration knob: its name and its default. The name maps to the environment variable
 * {@code WSHUB_NAME_IN_CAPITALS}, the system property {@code wshub.name} and the servlet context parameter
 * {@code wshub.name}. Immutable, so thread-safe.
 */
public enum Knob {
    PORT("port", "8080", "embedded server: TCP port (0 = any free port)"),
    HOST("host", "0.0.0.0", "embedded server: address to bind"),
    IO_THREADS("io-threads", "0",
            "embedded server: event-loop threads that read, run the endpoints and write; 0 = one per processor, plus "
                    + "one (Grizzly's default)"),
    REQUEST_TIMEOUT_MS("request-timeout-ms", "10000",
            "embedded server: an HTTP request, header and body, must arrive within this time of its first byte (or of "
                    + "the connection's opening), else the connection is answered 408 and closed"),
    HTTP_IDLE_TIMEOUT_SECONDS("http-idle-timeout-seconds", "30",
            "embedded server: a kept-alive HTTP connection (not upgraded to WebSocket) is closed after this long "
                    + "without a request"),
    MAX_CONNECTIONS("max-connections", "0",
            "open connections the server accepts (embedded: TCP connections; WAR: WebSocket connections); more are "
                    + "answered 503 with Retry-After; 0 = the process's open-file limit less a tenth kept in reserve"),
    MAX_CONNECTIONS_PER_ADDRESS("max-connections-per-address", "1024",
            "such connections from one client address; more are answered 503 with Retry-After"),
    MAX_CONNECTIONS_PER_USER("max-connections-per-user", "20",
            "WebSocket connections one identity may have open; more are answered 429 with Retry-After"),
    TRUSTED_PROXIES("trusted-proxies", "127.0.0.0/8,::1",
            "comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For names the client; a request "
                    + "from anywhere else is counted against its own address; empty = none"),
    MAX_MESSAGE_SIZE("max-message-size", "65536",
            "largest inbound text or binary message in bytes; larger closes with 1009"),
    OUTBOX_CAPACITY("outbox-capacity", "1024", "messages queued per connection before its overflow policy applies"),
    OUTBOX_MAX_BYTES("outbox-max-bytes", "16777216",
            "what the messages queued for one connection may add up to (a text counts its characters) before its "
                    + "overflow policy applies"),
    SEND_TIMEOUT_MS("send-timeout-ms", "30000", "a send that takes longer fails and closes the connection"),
    PING_INTERVAL_SECONDS("ping-interval-seconds", "25",
            "the server pings every connection this often and closes one that leaves two pings unanswered; 0 = off"),
    SEND_THREADS("send-threads", "64",
            "threads that write to connections where the container's asynchronous sends block (Tyrus's servlet "
                    + "integration: GlassFish, Payara); a peer that stops reading holds one until it reads or its send "
                    + "times out"),
    CLOSE_TIMEOUT_MS("close-timeout-ms", "5000",
            "how long a 1001/1011/1013 close frame may wait behind a stuck send before the connection is dropped; "
                    + "on Tomcat also the answer to a client's own close, and a ping"),
    ALLOWED_ORIGINS("allowed-origins", "",
            "comma-separated Origins allowed to connect (* = any); empty = the request's own host and localhost"),
    ALLOWED_HOSTS("allowed-hosts", "",
            "comma-separated host names (Host header, port ignored; .example.com = it and its subdomains; * = any) "
                    + "that requests may name, besides loopback names; empty = also the address the request came in on"),
    AUTH("auth", "open",
            "who a client is: open = the container's login, else ?user=, else anonymous, none verified (the demo); "
                    + "token = a signed JWT (see token-secret, token-jwks), nothing else; container = the container's "
                    + "login (WARs only)"),
    TOKEN_SECRET("token-secret", "",
            "auth=token: the HMAC secret of HS256/384/512 tokens, at least 32 bytes; never logged"),
    TOKEN_JWKS("token-jwks", "",
            "auth=token: a JWKS file of public keys (RS256/384/512, PS256, ES256/384), chosen by the token's kid"),
    TOKEN_ISSUER("token-issuer", "", "auth=token: the iss a token must have; empty = any"),
    TOKEN_AUDIENCE("token-audience", "", "auth=token: the aud a token must name; empty = any"),
    TOKEN_CLOCK_SKEW_SECONDS("token-clock-skew-seconds", "30",
            "auth=token: how far exp and nbf may be off between the token's issuer and this server"),
    TOKEN_IN_QUERY("token-in-query", "false",
            "auth=token: also take the token from an access_token query parameter (query strings end up in logs)"),
    ROOM_ROLES("room-roles", "",
            "auth=container: the rooms each container role may use, as pattern=role pairs (team-*=wshub-team,"
                    + "lobby=wshub-user); a user may use the rooms of their roles; empty = every room"),
    PUBLISH_TOKEN("publish-token", "",
            "bearer token required by POST /api/feed/{topic}; empty = only loopback callers may publish"),
    QUERY_USER("query-user", "true",
            "take the identity from the ?user= query parameter when the container has no authenticated principal"),
    MAX_TEXT_LENGTH("max-text-length", "4000", "longest chat or private message text, in characters"),
    MESSAGE_RATE("message-rate", "20",
            "chat, counter and stats messages per second one connection may send, on average"),
    MESSAGE_BURST("message-burst", "40", "such messages one connection may send at once before message-rate applies"),
    MAX_ROOMS("max-rooms-per-connection", "100", "rooms one chat connection may be in at once"),
    HISTORY_SIZE("history-size", "1000", "messages kept per room for resume and de-duplication"),
    HISTORY_TOTAL("history-total", "100000",
            "messages kept for resume in all rooms together; past it the least recently used rooms lose their oldest"),
    HISTORY_TOTAL_BYTES("history-total-bytes", "67108864",
            "what the kept room messages may add up to (each counts the characters of its strings, and 64 for the "
                    + "rest)"),
    HISTORY_AGE_SECONDS("history-age-seconds", "86400", "how long a room message is kept for resume"),
    MAILBOX_SIZE("mailbox-size", "1000", "private messages kept per offline user"),
    MAILBOX_AGE_SECONDS("mailbox-age-seconds", "604800", "how long a private message waits for an offline user"),
    MAILBOX_TOTAL("mailbox-total", "100000", "private messages kept for all offline users together"),
    MAILBOX_TOTAL_BYTES("mailbox-total-bytes", "33554432",
            "what the private messages kept for all offline users may add up to (each counts the characters of its "
                    + "strings, and 64 for the rest)"),
    MAILBOX_KNOWN_USERS("mailbox-known-users", "100000",
            "with auth token or container, how many users, the most recently connected, can be sent private messages"),
    STORE("store", "memory",
            "where room logs, presence, mailboxes, the counter and topic seqs live, and how messages reach other "
                    + "nodes: memory = in this process, for one node");

    private final String key;
    private final String defaultValue;
    private final String description;

    Knob(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String environmentVariable() {
        return "WSHUB_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    public String propertyName() {
        return "wshub." + key;
    }
}
