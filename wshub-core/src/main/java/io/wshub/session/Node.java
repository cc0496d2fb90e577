package io.wshub.session;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This server process among the nodes that share stores and a broker: an id made at random when it starts, so that
 * what a node leaves behind in a shared store (presence entries) can be told from another node's and removed as a
 * whole when it dies, and so that connection ids are unique across nodes. Immutable.
 */
@ApplicationScoped
public class Node {

    private final String id;

    /** A node with a fresh random id. */
    public Node() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
    }

    public Node(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
