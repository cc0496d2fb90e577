package io.wshub.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeIT extends WshubIT {

    /** Before, a client offering "chat" (as the seeds' handshake does) got no protocol back: Chromium and ws fail. */
    /** What a browser client asks after a failed handshake, since it cannot see the handshake's answer. */
    @Test
    void aPlainRequestForAnEndpointIsToldWhatTheHandshakeWouldBe() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(
                http("ws/echo?user=bad%20name")).timeout(WsClient.WAIT).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("user"), refused.body());
        java.net.http.HttpResponse<String> fine = http.send(java.net.http.HttpRequest.newBuilder(
                http("ws/chat/lobby?user=alice")).timeout(WsClient.WAIT).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(426, fine.statusCode());
        assertEquals("websocket", fine.headers().firstValue("Upgrade").orElse(""));
    }

    @Test
    void theFirstOfferedSubprotocolTheEndpointSpeaksIsSelected() {
        assertEquals("chat", WsClient.negotiatedSubprotocol(ws("ws/chat/sub?user=sub-a"), "chat"));
        assertEquals("wshub.v1", WsClient.negotiatedSubprotocol(ws("ws/chat/sub?user=sub-b"), "wshub.v1", "chat"));
        assertEquals("chat", WsClient.negotiatedSubprotocol(ws("ws/private?user=sub-c"), "mqtt", "chat"));
        assertEquals("wshub.v1", WsClient.negotiatedSubprotocol(ws("ws/echo"), "chat", "wshub.v1"));
        assertEquals("", WsClient.negotiatedSubprotocol(ws("ws/echo"), "chat"), "only unknown ones: none, but open");
        assertEquals("", WsClient.negotiatedSubprotocol(ws("ws/echo"), "graphql-ws"));
    }

    @Test
    void refusesAForeignOriginWith403() {
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo"), Map.of("Origin", "http://evil.example")));
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo"), Map.of("Origin", "null")));
    }

    @Test
    void acceptsLoopbackOriginsAndClientsWithoutOrigin() {
        assertEquals(101, WsClient.handshakeStatus(ws("ws/echo"), Map.of("Origin", ownOrigin())));
        assertEquals(101, WsClient.handshakeStatus(ws("ws/echo"), Map.of("Origin", "http://localhost:3000")));
        assertEquals(101, WsClient.handshakeStatus(ws("ws/echo"), Map.of()));
    }

    @Test
    void refusesAnInvalidUserNameWith403() {
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo?user=bad%20name"), Map.of()));
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo?user="), Map.of()));
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo?user=" + "a".repeat(33)), Map.of()));
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo?user=%3Cscript%3E"), Map.of()));
        assertEquals(403, WsClient.handshakeStatus(ws("ws/echo?user=alice&user=bob"), Map.of()));
    }

    @Test
    void acceptsAValidUserName() {
        assertEquals(101, WsClient.handshakeStatus(ws("ws/echo?user=alice.b_c-9"), Map.of()));
        assertEquals(101, WsClient.handshakeStatus(ws("ws/echo?user=" + "a".repeat(32)), Map.of()));
    }

    /** Seed 003: the accept value of RFC 6455's own example, computed by the container. */
    @Test
    void answersTheRfc6455SampleKey() throws IOException {
        String response = rawHandshake("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");

        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        assertTrue(response.toLowerCase().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), response);
    }

    /**
     * DNS rebinding: a page at evil.example, a name made to resolve to this server, was its own "same origin" and read
     * a victim's private message. Now no request naming a host the server does not answer for is served.
     */
    @Test
    void refusesRequestsForAHostItDoesNotAnswerForWith421() throws IOException {
        String page = rawRequest("GET", "HTTP/1.1", "", "", "evil.example:" + base.getPort());
        String handshake = rawRequest("GET", "HTTP/1.1", "ws/chat/lobby?user=victim",
                "Upgrade: websocket\r\nConnection: Upgrade\r\nOrigin: http://evil.example:" + base.getPort()
                        + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n",
                "evil.example:" + base.getPort());

        assertEquals("421", statusOf(page), page);
        assertEquals("421", statusOf(handshake), handshake);
        assertEquals("200", statusOf(rawRequest("GET", "HTTP/1.1", "", "", base.getHost() + ":" + base.getPort())));
    }

    /** RFC 6455 4.2.1: before, the embedded server answered a missing key with 500. */
    @Test
    void refusesAMissingOrMalformedKeyWith400() throws IOException {
        assertEquals("400", statusOf(rawHandshake("Sec-WebSocket-Version: 13\r\n")));
        assertEquals("400", statusOf(rawHandshake("Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n")));
        assertEquals("400", statusOf(rawHandshake("Sec-WebSocket-Key: not base64!\r\nSec-WebSocket-Version: 13\r\n")));
    }

    /**
     * Before, the embedded server upgraded a handshake whose query held a malformed percent-escape, then Tyrus failed
     * to open the endpoint and dropped the connection with no close frame. The WARs' containers parse the target
     * themselves; this is the embedded server's answer.
     */
    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
    void refusesAMalformedRequestTargetWith400OnTheEmbeddedServer() throws IOException {
        String key = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n";

        assertEquals("400", statusOf(rawRequest("GET", "HTTP/1.1", "ws/echo?user=%ZZ", key,
                base.getHost() + ":" + base.getPort())));
        assertEquals("101", statusOf(rawRequest("GET", "HTTP/1.1", "ws/echo?user=a%2Eb", key,
                base.getHost() + ":" + base.getPort())));
    }

    /** Before, the embedded server's status line for version 8 read "426 CUSTOM". */
    @Test
    void answersAnotherProtocolVersionWith426AndTheVersionItSpeaks() throws IOException {
        for (String version : new String[] {"8", "7", "12"}) {
            String response = rawHandshake("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                    + version + "\r\n");

            assertEquals("426", statusOf(response), response);
            if (!onTyrusServlet()) {
                // GlassFish and Payara write "426 CUSTOM" for any 426 an application sends (README, Portability)
                assertFalse(response.lines().findFirst().orElse("").contains("CUSTOM"), response);
            }
            assertTrue(response.toLowerCase().contains("sec-websocket-version: 13"), response);
        }
    }

    /** RFC 6455 4.1: the opening handshake is an HTTP/1.1 GET; before, the embedded server upgraded both of these. */
    @Test
    void doesNotUpgradeAPostOrAnHttp10Request() throws IOException {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

        assertNotEquals("101", statusOf(rawRequest("POST", "HTTP/1.1", key + "Content-Length: 0\r\n")));
        assertNotEquals("101", statusOf(rawRequest("GET", "HTTP/1.0", key)));
    }

    /**
     * RFC 6455 5.1: a server must close the connection on a client frame that is not masked. Tyrus's servlet
     * integration (GlassFish, Payara) carries such a frame out, below anything a WAR can see (README, Portability).
     */
    @Test
    void closesWith1002OnAnUnmaskedFrame() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(onTyrusServlet(),
                "GlassFish and Payara accept unmasked client frames; wshub cannot see them there");
        try (RawWebSocket client = RawWebSocket.connect(ws("ws/echo"), 64 * 1024)) {
            client.sendUnmaskedText("hi");

            assertEquals(1002, client.readUntilClose(java.time.Duration.ofSeconds(10)));
        }
    }

    /** Sends a handshake for ws/echo with the given extra header lines and returns the response's header block. */
    private String rawHandshake(String headers) throws IOException {
        return rawRequest("GET", "HTTP/1.1", headers);
    }

    private String rawRequest(String method, String protocol, String headers) throws IOException {
        return rawRequest(method, protocol, "ws/echo", "Upgrade: websocket\r\nConnection: Upgrade\r\n" + headers,
                base.getHost() + ":" + base.getPort());
    }

    /** Sends a request for a path below the application and returns the response's header block. */
    private String rawRequest(String method, String protocol, String path, String headers, String host)
            throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            String request = method + " " + base.getPath() + path + " " + protocol + "\r\n"
                    + "Host: " + host + "\r\n"
                    + headers
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                response.append((char) b);
                if (response.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return response.toString();
        }
    }

    private static boolean onTyrusServlet() {
        String runtime = System.getProperty("wshub.it.runtime", "");
        return runtime.equals("glassfish") || runtime.equals("payara");
    }

    private static String statusOf(String response) {
        String[] parts = response.split(" ", 3);
        return parts.length > 1 ? parts[1] : "none";
    }
}
