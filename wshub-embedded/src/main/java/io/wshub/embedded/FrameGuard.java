package io.wshub.embedded;

import java.nio.ByteBuffer;

/**
 * Follows the frames of one WebSocket connection's inbound byte stream and spots the first frame whose header
 * announces a payload larger than the limit, before any of that payload is buffered, or that is not masked: RFC 6455
 * 5.1 requires every client frame to be masked and the server to close the connection when one is not (Tyrus would
 * carry it out).
 * <p>
 * Tyrus checks the session's message size limit only for fragmented messages; a single large frame is buffered up to
 * its incoming buffer size and then refused with 1011 "Buffer overflow." The application refuses a message over
 * {@code max-message-size} itself (with 1009); this guard, set somewhat above that, closes a connection with 1009
 * when a frame far larger is announced, before Tyrus buffers any of it.
 * <p>
 * On the way it notes the peer's close frame, after which the peer sends nothing more (RFC 6455, 5.5.1).
 * <p>
 * Fed by one connection's reader, which reads serially; {@link #closeFrameSeen()} may be read from any thread.
 */
final class FrameGuard {

    private static final int CLOSE_OPCODE = 0x8;

    private final long limit;
    private final byte[] header = new byte[14];
    private int headerLength;
    private long payloadRemaining;
    private boolean exceeded;
    private boolean unmasked;
    private volatile boolean closeFrameSeen;

    FrameGuard(long limit) {
        this.limit = limit;
    }

    /**
     * Scans the next chunk of the stream without consuming it.
     *
     * @return false once a frame larger than the limit, or an unmasked one, has been seen; every later call returns
     * false too
     */
    boolean accept(ByteBuffer chunk) {
        int position = chunk.position();
        int end = chunk.limit();
        while (!exceeded && !unmasked && position < end) {
            if (payloadRemaining > 0) {
                long skip = Math.min(payloadRemaining, end - position);
                payloadRemaining -= skip;
                position += (int) skip;
                continue;
            }
            header[headerLength++] = chunk.get(position++);
            int needed = headerSize();
            if (needed < 0 || headerLength < needed) {
                continue;
            }
            if ((header[1] & 0x80) == 0) {
                unmasked = true;
                break;
            }
            if ((header[0] & 0x0F) == CLOSE_OPCODE) {
                closeFrameSeen = true;
            }
            long payload = payloadLength();
            if (payload < 0 || payload > limit) {
                exceeded = true;
            } else {
                payloadRemaining = payload;
                headerLength = 0;
            }
        }
        return !exceeded && !unmasked;
    }

    /** Whether what {@link #accept} refused was an unmasked frame (else a frame over the limit). */
    boolean sawUnmaskedFrame() {
        return unmasked;
    }

    /** Whether the header of a close frame has gone by: the peer has finished sending. Any thread may ask. */
    boolean closeFrameSeen() {
        return closeFrameSeen;
    }

    /** The size of the current frame's header, or -1 until its second byte is known. */
    private int headerSize() {
        if (headerLength < 2) {
            return -1;
        }
        int lengthCode = header[1] & 0x7F;
        int size = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0);
        return (header[1] & 0x80) != 0 ? size + 4 : size;
    }

    /** The payload length of a complete header; negative if the 64-bit length has its top bit set. */
    private long payloadLength() {
        int lengthCode = header[1] & 0x7F;
        if (lengthCode < 126) {
            return lengthCode;
        }
        int bytes = lengthCode == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (header[2 + i] & 0xFF);
        }
        return length;
    }
}
