package io.wshub.chat.message;

import io.wshub.json.JsonTextDecoder;

/**
 * The decoders of the chat endpoints; the container instantiates them. Events are written by each connection's wire
 * format.
 */
public final class ChatCodec {

    private ChatCodec() {
    }

    public static class GroupDecoder extends JsonTextDecoder<ChatCommand> {
        public GroupDecoder() {
            super(ChatCommand.class);
        }
    }

    public static class PrivateDecoder extends JsonTextDecoder<ChatCommand> {
        public PrivateDecoder() {
            super(ChatCommand.class, "whisper");
        }
    }
}
