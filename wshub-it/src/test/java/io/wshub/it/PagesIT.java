package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Grizzly's 404 named its version; containers' error pages name theirs and may print a stack trace. */
    @Test
    void errorAnswersNameNeitherTheServerNorItsVersion() throws IOException, InterruptedException {
        List<HttpResponse<String>> answers = List.of(get("no-such-page"), get("js/no-such.js"), get("error"),
                post("api/no-such-api"), post("api/feed"));
        for (HttpResponse<String> answer : answers) {
            assertEquals(404, answer.statusCode(), answer.uri() + ": " + answer.body());
            String body = answer.body().toLowerCase(java.util.Locale.ROOT);
            for (String telltale : List.of("grizzly", "tomcat", "wildfly", "undertow", "glassfish", "payara", "jboss",
                    "exception", "java.", "tyrus")) {
                assertFalse(body.contains(telltale), answer.uri() + " names " + telltale + ": " + answer.body());
            }
            // GlassFish takes its listener's server-header=false only after a restart, which the suite's domain,
            // configured after boot, does not have (deploy/glassfish/README.md)
            if (!"glassfish".equals(System.getProperty("wshub.it.runtime"))) {
                assertTrue(answer.headers().firstValue("Server").isEmpty()
                        || !answer.headers().firstValue("Server").get().matches(".*\\d.*"),
                        answer.uri() + " Server: " + answer.headers().firstValue("Server"));
            }
        }
    }

    @Test
    void doesNotServeTheWebInfDirectory() throws IOException, InterruptedException {
        assertEquals(404, get("WEB-INF/beans.xml").statusCode());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(http(path)).timeout(WsClient.WAIT)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(http(path)).timeout(WsClient.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
