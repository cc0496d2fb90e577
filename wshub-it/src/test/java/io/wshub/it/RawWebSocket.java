package io.wshub.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client on a plain socket, for what the JDK client cannot do: stop reading altogether (with a tiny
 * receive buffer) and later read everything the server sent, down to its close frame; send frames that break the
 * protocol.
 */
final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens a connection to a ws: URI and completes the handshake; the receive buffer is as small as allowed. */
    static RawWebSocket connect(URI uri) throws IOException {
        return connect(uri, 1024);
    }

    /**
     * As {@link #connect(URI)}, with a receive buffer of the given size: a tiny one makes the server see a reader that
     * stopped at once, but reading through it later is slow (one small window a round trip).
     */
    static RawWebSocket connect(URI uri, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferSize);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WsClient.WAIT.toMillis());
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawWebSocket client = new RawWebSocket(socket);
        String status = client.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded: " + status);
        }
        return client;
    }

    /** Sends a masked text frame of fewer than 126 bytes. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short texts only");
        }
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
        out.write(payload);
        out.flush();
    }

    /** Sends a binary frame of any length. */
    void sendBinary(byte[] payload) throws IOException {
        sendFrame(0x82, payload);
    }

    /** Sends a text frame without a mask, which RFC 6455 5.1 forbids a client. */
    void sendUnmaskedText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) 0x81, (byte) payload.length});
        out.write(payload);
        out.flush();
    }

    /** Sends a masked close frame with a status code and no reason, and goes on without reading. */
    void sendClose(int code) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, (byte) (code >> 8), (byte) code});
        out.flush();
    }

    /** One frame as it went over the wire: FIN, the three RSV bits and the opcode in {@code head}, then the payload. */
    record Frame(int head, byte[] payload) {

        boolean fin() {
            return (head & 0x80) != 0;
        }

        int opcode() {
            return head & 0x0F;
        }
    }

    /**
     * Sends one frame, masked with a random key as RFC 6455 5.3 asks of a client, whatever its bits: the conformance
     * suite builds frames a client must not send.
     *
     * @param head FIN (0x80), RSV1–3 (0x40, 0x20, 0x10) and the opcode
     */
    void sendFrame(int head, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(head);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] key = new byte[4];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(key);
        frame.write(key);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i & 3]);
        }
        OutputStream out = socket.getOutputStream();
        frame.writeTo(out);
        out.flush();
    }

    /**
     * Reads the next frame, or returns null when the server closed the connection (or reset it) first.
     *
     * @throws java.net.SocketTimeoutException if nothing arrives within {@code timeout}
     */
    Frame readFrame(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int head = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(head, payload);
        } catch (EOFException | java.net.SocketException ended) {
            return null;
        }
    }

    /** Reads one whole frame and returns its payload as text. */
    String readText() throws IOException {
        in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Reads frames until the server's close frame and returns its code, or -1 if the connection ended without one.
     *
     * @param timeout how long to wait for each read
     */
    int readUntilClose(Duration timeout) throws IOException {
        for (Frame frame = readFrame(timeout); frame != null; frame = readFrame(timeout)) {
            if (frame.opcode() == 0x8) {
                byte[] payload = frame.payload();
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
        return -1;
    }

    private String readHeaders() throws IOException {
        InputStream raw = socket.getInputStream();
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
