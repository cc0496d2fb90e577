package io.wshub.security;

/**
 * The WebSocket subprotocols ({@code Sec-WebSocket-Protocol}) wshub's endpoints accept: {@value #V1} on every
 * endpoint, and on the chat endpoints also {@value #CHAT}, which the seeds' handshake example and many chat clients
 * offer. A client that offers one of them gets it back; one that offers only others connects without any.
 */
public final class Subprotocols {

    /** wshub's own JSON protocol, as docs/protocol.md describes it. */
    public static final String V1 = "wshub.v1";

    /** What chat clients commonly offer; accepted on the chat endpoints. */
    public static final String CHAT = "chat";

    private Subprotocols() {
    }
}
