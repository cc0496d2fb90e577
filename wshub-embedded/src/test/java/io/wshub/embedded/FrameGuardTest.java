package io.wshub.embedded;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameGuardTest {

    private static final int LIMIT = 70_000;

    @Test
    void acceptsFramesUpToTheLimitInEveryLengthEncoding() {
        FrameGuard guard = new FrameGuard(LIMIT);

        assertTrue(guard.accept(ByteBuffer.wrap(frame(0))));
        assertTrue(guard.accept(ByteBuffer.wrap(frame(125))));
        assertTrue(guard.accept(ByteBuffer.wrap(frame(126))));
        assertTrue(guard.accept(ByteBuffer.wrap(frame(65_535))));
        assertTrue(guard.accept(ByteBuffer.wrap(frame(LIMIT))));
    }

    @Test
    void spotsAnOversizeFrameFromItsHeaderAlone() {
        byte[] big = frame(LIMIT + 1);
        FrameGuard guard = new FrameGuard(LIMIT);

        assertFalse(guard.accept(ByteBuffer.wrap(big, 0, 14)));
        assertFalse(guard.accept(ByteBuffer.wrap(frame(1))));
    }

    @Test
    void followsFramesSplitAnywhereAcrossReads() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(frame(10));
        stream.writeBytes(frame(300));
        stream.writeBytes(frame(LIMIT));
        stream.writeBytes(frame(LIMIT + 1));
        byte[] bytes = stream.toByteArray();
        int oversizeHeaderEnd = bytes.length - (LIMIT + 1);

        for (int chunk : new int[] {1, 2, 3, 7, 13, 1000, 65_536}) {
            FrameGuard guard = new FrameGuard(LIMIT);
            int refusedAt = -1;
            for (int offset = 0; offset < bytes.length && refusedAt < 0; offset += chunk) {
                int length = Math.min(chunk, bytes.length - offset);
                if (!guard.accept(ByteBuffer.wrap(bytes, offset, length))) {
                    refusedAt = offset + length;
                }
            }
            assertTrue(refusedAt >= oversizeHeaderEnd && refusedAt < oversizeHeaderEnd + chunk,
                    "chunk " + chunk + " refused at " + refusedAt);
        }
    }

    @Test
    void doesNotConsumeTheBuffer() {
        ByteBuffer data = ByteBuffer.wrap(frame(20));
        new FrameGuard(LIMIT).accept(data);

        assertEquals(0, data.position());
    }

    @Test
    void notesThePeersCloseFrameOnlyOnceItsHeaderArrives() {
        byte[] close = frame(0x88, 2);
        FrameGuard guard = new FrameGuard(LIMIT);

        guard.accept(ByteBuffer.wrap(frame(300)));
        assertFalse(guard.closeFrameSeen());
        guard.accept(ByteBuffer.wrap(close, 0, 1));
        assertFalse(guard.closeFrameSeen());
        guard.accept(ByteBuffer.wrap(close, 1, close.length - 1));
        assertTrue(guard.closeFrameSeen());
    }

    @Test
    void aPayloadThatLooksLikeACloseFrameIsNotOne() {
        byte[] payload = frame(0x88, 2);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(frame(0x81, payload.length));
        byte[] bytes = stream.toByteArray();
        System.arraycopy(payload, 0, bytes, bytes.length - payload.length, payload.length);
        FrameGuard guard = new FrameGuard(LIMIT);

        guard.accept(ByteBuffer.wrap(bytes));

        assertFalse(guard.closeFrameSeen());
    }

    /** RFC 6455 5.1: before, Tyrus carried out a client's unmasked frames. */
    @Test
    void refusesAnUnmaskedFrameAfterMaskedOnesAndEverythingAfterIt() {
        FrameGuard guard = new FrameGuard(LIMIT);
        assertTrue(guard.accept(ByteBuffer.wrap(frame(5))));
        assertFalse(guard.sawUnmaskedFrame());

        assertFalse(guard.accept(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x02, 'h', 'i'})));
        assertTrue(guard.sawUnmaskedFrame());
        assertFalse(guard.accept(ByteBuffer.wrap(frame(1))));
    }

    /** A masked client text frame with a payload of the given size. */
    private static byte[] frame(int payload) {
        return frame(0x81, payload);
    }

    /** A masked client frame with the given first byte (FIN and opcode) and a payload of the given size. */
    private static byte[] frame(int finAndOpcode, int payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(finAndOpcode);
        if (payload < 126) {
            out.write(0x80 | payload);
        } else if (payload <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(payload >>> 8);
            out.write(payload & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (((long) payload >>> shift) & 0xFF));
            }
        }
        out.writeBytes(new byte[] {1, 2, 3, 4});
        out.writeBytes(new byte[payload]);
        return out.toByteArray();
    }
}
