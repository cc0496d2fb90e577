package io.wshub.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelloIT extends WshubIT {

    @Test
    void answersTheNameThenClosesNormally() {
        try (WsClient client = connect("ws/hello")) {
            client.send("alice");

            assertEquals("hello alice", client.nextText());
            assertEquals(1000, client.awaitClose().code());
        }
    }

    @Test
    void closesWith1003OnABinaryMessage() {
        for (String textOnly : new String[] {"ws/hello", "ws/stats"}) {
            try (WsClient client = connect(textOnly)) {
                client.send(new byte[] {1, 2, 3});

                assertEquals(1003, client.awaitClose().code(), textOnly);
            }
        }
    }
}
