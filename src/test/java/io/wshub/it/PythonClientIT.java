package io.wshub.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

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
}
