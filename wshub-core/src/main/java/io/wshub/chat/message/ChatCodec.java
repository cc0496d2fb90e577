package io.wshub.chat.message;

import io.wshub.json.JsonTextDecoder;
import io.wshub.json.JsonbTextEncoder;

/** The JSON-B codecs of the chat endpoints; the container instantiates them. */
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

    public static class Encoder extends JsonbTextEncoder<ChatEvent> {
        public Encoder() {
            super(ChatEvent.class);
        }
    }
}
