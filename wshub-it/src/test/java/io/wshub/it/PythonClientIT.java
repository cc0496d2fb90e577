package io.wshub.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The protocol is usable outside Java: Python's websockets library, as in the seeds. */
class PythonClientIT extends WshubIT {

    @BeforeEach
    void python() throws IOException, InterruptedException {
        ThirdPartyClients.requirePythonWebsockets();
    }

    @Test
    void pythonWebsocketsGetsHelloAndANormalClose() throws IOException, InterruptedException {
        List<String> output = ThirdPartyClients.python("hello_client.py", ws("ws/hello").toString(), "alice");

        assertEquals(List.of("hello alice", "1000"), output);
    }

    @Test
    void pythonWebsocketsChatsInARoomAndPrivately() throws IOException, InterruptedException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String base = ws("").toString();

        List<String> output = ThirdPartyClients.python("chat_client.py", base, "py-" + suffix, suffix);

        assertEquals(List.of(
                "presence alice,bob",
                "message alice hello room True",
                "ack delivered",
                "private bob psst",
                "ack stored",
                "private alice later"), output);
    }

    @Test
    void pythonWebsocketsOfferingChatGetsItAndChats() throws IOException, InterruptedException {
        String room = "py-sub-" + UUID.randomUUID().toString().substring(0, 8);

        List<String> output = ThirdPartyClients.python("subprotocol_client.py",
                ws("ws/chat/" + room + "?user=py-sub").toString(), "chat");

        assertEquals(List.of("chat", room), output);
    }

    /** The limit holds for the inflated size: a 64 KiB + 1 message that compresses to a few hundred bytes. */
    @Test
    void aCompressedMessageOverTheLimitOnceInflatedClosesWith1009() throws IOException, InterruptedException {
        List<String> output = ThirdPartyClients.python("deflate_client.py", ws("ws/echo").toString(), "65536");

        if ("tomcat".equals(System.getProperty("wshub.it.runtime"))) {
            assertEquals("permessage-deflate", output.get(0), "Tomcat negotiates compression");
        }
        assertEquals("65536", output.get(1));
        assertEquals("1009", output.get(2));
    }
}
