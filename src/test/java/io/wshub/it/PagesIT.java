package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagesIT extends WshubIT {

    // as a browser asks: the JDK client's default offer of an h2c upgrade makes Grizzly (embedded) leave out
    // Content-Type, which browsers never meet
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theIndexLinksEveryPageAndEachLoadsItsModule() throws IOException, InterruptedException {
        HttpResponse<String> index = get("");
        assertEquals(200, index.statusCode());
        for (String page : List.of("echo", "feed", "counter", "chat")) {
            assertTrue(index.body().contains("href=\"" + page + ".html\""), page);
            HttpResponse<String> html = get(page + ".html");
            assertEquals(200, html.statusCode(), page);
            String module = "js/" + page + "-page.js";
            assertTrue(html.body().contains("<script type=\"module\" src=\"" + module + "\">"), page);
            HttpResponse<String> script = get(module);
            assertEquals(200, script.statusCode(), module);
            // browsers run a module only when it is served as JavaScript
            assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), module);
            assertTrue(script.body().contains("from './wshub.js'"), module);
        }
    }

    /** The index linked to docs/protocol.md, which no runtime served. */
    @Test
    void theProtocolTheIndexLinksIsServedAsText() throws IOException, InterruptedException {
        assertTrue(get("").body().contains("href=\"docs/protocol.md\""));
        HttpResponse<String> protocol = get("docs/protocol.md");

        assertEquals(200, protocol.statusCode());
        assertTrue(protocol.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                protocol.headers().map().toString());
        assertTrue(protocol.body().startsWith("# wshub protocol"));
        assertTrue(protocol.body().contains("## Close codes"));
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
