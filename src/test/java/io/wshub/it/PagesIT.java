package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesIT extends WshubIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheIndexPageThatTalksToEcho() throws IOException, InterruptedException {
        HttpResponse<String> page = get("");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/echo.js\">"), page.body());
        HttpResponse<String> script = get("js/echo.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("ws/echo"), script.body());
    }

    @Test
    void doesNotServeTheWebInfDirectory() throws IOException, InterruptedException {
        assertEquals(404, get("WEB-INF/beans.xml").statusCode());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(http(path)).timeout(WsClient.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
