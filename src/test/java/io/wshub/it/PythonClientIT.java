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
}
