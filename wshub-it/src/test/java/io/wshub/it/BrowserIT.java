package io.wshub.it;

import io.wshub.it.embedded.EmbeddedProcess;
import io.wshub.security.PageHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages in a real headless Chromium, on every runtime: what a person does with them, checked on screen. Each
 * test opens its own browsers, with fresh user and room names, and asserts at the end that no page logged an error
 * (a failed load, a Content-Security-Policy violation, an exception).
 */
class BrowserIT extends WshubIT {

    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(45);

    private final List<Browser> browsers = new ArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void requireChromium() {
        Browser.requireChromium();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    @Test
    void twoPeopleInOneRoomSeeEachOtherTheirMessagesAndTheirRooms() throws IOException {
        String lobby = "lobby-" + suffix;
        String random = "random-" + suffix;
        String aliceName = "alice-" + suffix;
        String bobName = "bob-" + suffix;
        Browser alice = enterChat(http("chat.html"), aliceName, lobby);
        say(alice, "hello bob");
        awaitMessages(alice, lobby, List.of("hello bob"));
        Browser bob = enterChat(http("chat.html"), bobName, lobby);
        awaitOnline(alice, aliceName, bobName);
        awaitOnline(bob, aliceName, bobName);
        // what was said before bob came is the room's history
        awaitMessages(bob, lobby, List.of("hello bob"));

        say(bob, "hi alice, how are you?");
        say(alice, "fine, thanks");
        List<String> expected = List.of("hello bob", "hi alice, how are you?", "fine, thanks");
        awaitMessages(alice, lobby, expected);
        awaitMessages(bob, lobby, expected);
        assertEquals(List.of(aliceName, bobName, aliceName), senders(bob, lobby));

        join(alice, random);
        join(bob, random);
        awaitOnline(alice, aliceName, bobName);
        alice.find("#rooms li[data-room='" + lobby + "'] .room").click();
        alice.await("back in " + lobby, d -> alice.find("#room-title").getText().equals("# " + lobby));
        say(bob, "over here");
        alice.await("an unread message in " + random,
                d -> alice.find("#rooms li[data-room='" + random + "'] .unread").getText().equals("1"));
        alice.find("#rooms li[data-room='" + random + "'] .room").click();
        awaitMessages(alice, random, List.of("over here"));
        assertEquals("", alice.find("#rooms li[data-room='" + random + "'] .unread").getText());
        alice.find("#rooms li[data-room='" + lobby + "'] .room").click();

        bob.find("#online li[data-user='" + aliceName + "'] button").click();
        bob.type("#whisper-text", "see you at five?");
        bob.submit("#whisper");
        alice.await("bob's private message", d -> alice.texts("#private li .text").equals(List.of("see you at five?")));
        alice.screenshot("chat");

        bob.find("#rooms li[data-room='" + lobby + "'] .leave").click();
        alice.await("bob leaves the online list", d -> online(alice).equals(List.of(aliceName + " (you)")));
        assertEquals(List.of(random), bob.findAll("#rooms li").stream().map(li -> li.getAttribute("data-room")).toList());
        // the room of bob's URL, left and joined again
        join(bob, lobby);
        awaitOnline(alice, aliceName, bobName);
        assertNoConsoleErrors(alice, bob);
    }

    @Test
    void aPrivateMessageReachesOnlyItsRecipient() {
        String room = "private-" + suffix;
        String bobName = "bob-" + suffix;
        Browser alice = enterChat(http("chat.html"), "alice-" + suffix, room);
        Browser bob = enterChat(http("chat.html"), bobName, room);
        Browser carol = enterChat(http("chat.html"), "carol-" + suffix, room);
        awaitOnline(alice, "alice-" + suffix, bobName, "carol-" + suffix);

        alice.find("#online li[data-user='" + bobName + "'] button").click();
        assertEquals(bobName, alice.find("#whisper-to").getAttribute("value"));
        alice.type("#whisper-text", "only for bob");
        alice.submit("#whisper");

        bob.await("bob's private list", d -> bob.texts("#private li .text").equals(List.of("only for bob")));
        assertEquals(List.of("from alice-" + suffix), bob.texts("#private li .from"));
        alice.await("alice's own copy", d -> alice.texts("#private li .text").equals(List.of("only for bob")));
        assertEquals(List.of("to " + bobName), alice.texts("#private li .from"));
        // the whisper was handled before carol's message: had it been sent to carol, her outbox would have
        // delivered it before her own message came back
        say(carol, "anyone?");
        awaitMessages(carol, room, List.of("anyone?"));
        assertEquals(List.of(), carol.texts("#private li"));
        assertTrue(carol.find("#messages").getText().indexOf("only for bob") < 0);
        assertNoConsoleErrors(alice, bob, carol);
    }

    @Test
    void markupInAMessageIsShownAsTextAndNeverRuns() {
        String room = "xss-" + suffix;
        String attack = "<img src=x onerror=\"window.pwned=1\">";
        Browser alice = enterChat(http("chat.html"), "alice-" + suffix, room);
        Browser bob = enterChat(http("chat.html"), "bob-" + suffix, room);
        awaitOnline(alice, "alice-" + suffix, "bob-" + suffix);

        say(bob, attack);
        bob.find("#online li[data-user='alice-" + suffix + "'] button").click();
        bob.type("#whisper-text", attack);
        bob.submit("#whisper");

        awaitMessages(alice, room, List.of(attack));
        alice.await("the private copy", d -> alice.texts("#private li .text").equals(List.of(attack)));
        for (Browser browser : List.of(alice, bob)) {
            assertEquals(0L, browser.script("return document.querySelectorAll('img').length"));
            assertEquals(true, browser.script("return window.pwned === undefined"));
        }
        assertNoConsoleErrors(alice, bob);
    }

    @Test
    void theCounterChangesOnEveryPageAtOnce() throws IOException {
        Browser first = open(http("counter.html"));
        Browser second = open(http("counter.html"));
        for (Browser browser : List.of(first, second)) {
            browser.awaitState("open", Browser.WAIT);
            browser.await("the value", d -> browser.find("#value").getText().matches("-?\\d+"));
        }
        // other tests' pages may still be closing: wait for a count both pages agree on
        first.await("both pages count the same users", d -> first.find("#users").getText().matches("\\d+")
                && first.find("#users").getText().equals(second.find("#users").getText())
                && Integer.parseInt(first.find("#users").getText()) >= 2);
        long start = Long.parseLong(second.find("#value").getText());

        first.find("#plus").click();
        awaitValue(first, start + 1);
        awaitValue(second, start + 1);
        second.find("#minus").click();
        second.find("#minus").click();
        awaitValue(first, start - 1);
        awaitValue(second, start - 1);
        first.screenshot("counter");
        assertNoConsoleErrors(first, second);
    }

    @Test
    void theClockPageTicks() {
        Browser browser = open(http("feed.html"));
        browser.awaitState("open", Browser.WAIT);
        String first = browser.await("a first tick", d -> {
            String text = browser.find("#clock").getText();
            return text.isEmpty() ? null : text;
        });
        browser.await("the next tick", Duration.ofSeconds(5),
                d -> !browser.find("#clock").getText().equals(first));
        long items = browser.findAll("#items li").size();
        assertTrue(items >= 2, "feed items listed: " + items);
        assertNoConsoleErrors(browser);
    }

    @Test
    void helloAndEchoAnswerOnTheirPage() {
        Browser browser = open(http("echo.html"));
        browser.awaitState("open", Browser.WAIT);
        browser.type("#echo-text", "round <b>trip</b>");
        browser.submit("#echo");
        browser.await("the echo", d -> browser.texts("#log li").equals(
                List.of("→ round <b>trip</b>", "← round <b>trip</b>")));
        browser.type("#hello-name", "Ada");
        browser.submit("#hello");
        browser.await("the greeting", d -> browser.find("#greeting").getText().equals("hello Ada"));
        assertNoConsoleErrors(browser);
    }

    @Test
    void afterTheServerSideDropsItThePageReconnectsAndShowsEveryMessageOnce() throws IOException {
        String room = "resume-" + suffix;
        String aliceName = "alice-" + suffix;
        try (TcpProxy proxy = new TcpProxy(base.getHost(), base.getPort())) {
            URI throughProxy = URI.create("http://127.0.0.1:" + proxy.port() + base.getPath() + "chat.html");
            Browser alice = enterChat(throughProxy, aliceName, room);
            Browser bob = enterChat(http("chat.html"), "bob-" + suffix, room);
            awaitOnline(alice, aliceName, "bob-" + suffix);
            say(bob, "before");
            awaitMessages(alice, room, List.of("before"));

            // the server takes alice's message, but neither its ack nor the message reaches her page
            proxy.holdReplies();
            say(alice, "ack lost");
            awaitMessages(bob, room, List.of("before", "ack lost"));
            proxy.cut();
            alice.awaitState("reconnecting", Browser.WAIT);
            bob.await("alice gone", d -> online(bob).size() == 1);
            for (int i = 1; i <= 3; i++) {
                say(bob, "while away " + i);
            }
            alice.type("#say-text", "written while offline");
            alice.submit("#say");
            awaitMessages(bob, room, List.of("before", "ack lost", "while away 1", "while away 2", "while away 3"));
            proxy.restore();

            alice.awaitState("open", RECONNECT_WAIT);
            // "ack lost" is sent again with its id: the server acknowledges it again instead of posting it twice
            List<String> expected = List.of("before", "ack lost", "while away 1", "while away 2", "while away 3",
                    "written while offline");
            awaitMessages(alice, room, expected);
            awaitMessages(bob, room, expected);
            List<Long> seqs = alice.findAll(roomMessages(room)).stream()
                    .map(item -> Long.parseLong(item.getAttribute("data-seq"))).toList();
            assertEquals(consecutive(seqs.get(0), expected.size()), seqs, "one message per seq, no gap");
            alice.await("nothing left waiting", d -> alice.findAll("#messages .waiting li").isEmpty());
        }
    }

    /**
     * Before, after a restart the page said "connected" and showed nothing more: every message of the new log has a
     * seq the client had already seen. The presence's epoch tells it the room started over. Needs a server of its
     * own to restart, so the embedded runtime only.
     */
    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
    void afterAServerRestartThePageStartsTheRoomOverAndShowsWhatFollows() throws Exception {
        Path build = Path.of(System.getProperty("wshub.build.directory", "target"));
        Path jar = build.resolve("wshub-embedded.jar");
        Path log = build.resolve("browser-restart-it.log");
        String room = "restart-" + suffix;
        EmbeddedProcess first = EmbeddedProcess.start(jar, log, Map.of());
        int port = first.port();
        URI page = URI.create("http://127.0.0.1:" + port + "/chat.html");
        Browser alice;
        Browser bob;
        try (first) {
            alice = enterChat(page, "alice-" + suffix, room);
            bob = enterChat(page, "bob-" + suffix, room);
            for (String text : List.of("one", "two", "three")) {
                say(bob, text);
            }
            awaitMessages(alice, room, List.of("one", "two", "three"));
            assertEquals(143, first.terminate(Duration.ofSeconds(20)));
        }
        try (EmbeddedProcess second = EmbeddedProcess.startOnPort(jar, log, port)) {
            alice.awaitState("open", RECONNECT_WAIT);
            bob.awaitState("open", RECONNECT_WAIT);
            alice.await("the notice", d -> alice.find("#notice").getText().contains("started this room over"));
            say(bob, "after the restart");
            say(alice, "mine too");
            awaitMessages(alice, room, List.of("one", "two", "three", "after the restart", "mine too"));
            awaitMessages(bob, room, List.of("one", "two", "three", "after the restart", "mine too"));
            // the page's first attempt comes 0-5 s after the close (RFC 6455 7.2.3) and may find the port still
            // closed; Chromium logs that refusal, which is the retry working, not a fault of the page
            for (Browser browser : List.of(alice, bob)) {
                assertEquals(List.of(), browser.consoleErrors().stream()
                        .filter(error -> !error.contains("ERR_CONNECTION_REFUSED")).toList());
            }
        }
    }

    @Test
    void theClientStopsReconnectingOnlyWhenItCannotHelp() {
        Object outcome = inPage("""
                const { Hub, reconnectDelay, webSocketUrl } = await import('./js/wshub.js');
                const states = (hub) => new Promise((resolve) => {
                  const seen = [];
                  hub.onState((state, detail) => {
                    seen.push(state + (detail.code ? ' ' + detail.code : ''));
                    if (state === 'closed') setTimeout(() => resolve(seen), 500);
                  });
                });
                const policy = states(new Hub('ws/chat/not%20a%20room'));
                const hello = new Hub('ws/hello');
                hello.onState((state) => { if (state === 'open') hello.sendText('page'); });
                const bye = states(hello);
                const delays = [0, 1, 2, 8].flatMap((attempt) =>
                    [reconnectDelay(attempt, {}, () => 0), reconnectDelay(attempt, {}, () => 1)]);
                const urls = [webSocketUrl('ws/echo', { base: 'https://chat.example.com/wshub/chat.html' }),
                    webSocketUrl('ws/chat/lobby', { base: 'http://localhost:8080/chat.html', user: 'ada' })];
                return { policy: await policy, bye: await bye, delays, urls };
                """);
        assertEquals(Map.of("policy", List.of("open", "closed 1008"), "bye", List.of("open", "closed 1000"),
                "delays", List.of(0L, 5000L, 5000L, 10000L, 10000L, 20000L, 15000L, 30000L),
                "urls", List.of("wss://chat.example.com/wshub/ws/echo", "ws://localhost:8080/ws/chat/lobby?user=ada")),
                outcome);
    }

    /**
     * Before, a handshake refused with 403 (an invalid name) was retried forever with nothing shown: a browser cannot
     * see why a handshake failed, so the client asks the endpoint's URL over HTTP and stops with the server's reason.
     */
    @Test
    void aRefusedHandshakeIsNotRetriedAndTheClientSaysWhy() {
        Object outcome = inPage("""
                const { Hub } = await import('./js/wshub.js');
                const hub = new Hub('ws/echo', { user: 'not a name!', firstDelayMaxMs: 50 });
                const seen = [];
                return await new Promise((resolve) => {
                  hub.onState((state, detail) => {
                    seen.push(state);
                    if (state === 'closed') {
                      setTimeout(() => resolve({ seen, status: detail.status, reason: detail.reason }), 1000);
                    }
                  });
                });
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) outcome;
        assertEquals(List.of("reconnecting", "closed"), result.get("seen"), outcome.toString());
        assertEquals(403L, result.get("status"));
        assertTrue(String.valueOf(result.get("reason")).startsWith("refused (403)"), outcome.toString());
    }

    @Test
    void theClientHoldsBoundedData() {
        Object outcome = inPage("""
                const { Hub } = await import('./js/wshub.js');
                const echo = new Hub('ws/echo');
                await new Promise((resolve) => echo.onState((state) => state === 'open' && resolve()));
                const big = 'x'.repeat(60000);
                let accepted = 0;
                for (let i = 0; i < 100; i++) if (echo.sendText(big)) accepted++;
                let oversize = 'accepted';
                try { echo.sendText('y'.repeat(70000)); } catch (e) { oversize = e.name; }
                const waiting = new Hub('ws/echo');
                const oversizeRequest = await waiting.request({ type: 'n', text: 'z'.repeat(70000) })
                    .then(() => 'sent', (e) => e.name);
                const refusals = await Promise.all(Array.from({ length: 300 },
                    (_, i) => waiting.request({ type: 'n', n: i }).then(() => 'answered', (e) => e.code)));
                return { accepted, oversize, oversizeRequest,
                    refusals: refusals.filter((r) => r === 'backpressure').length };
                """);
        assertEquals(Map.of("accepted", 5L, "oversize", "RangeError", "oversizeRequest", "RangeError",
                "refusals", 44L), outcome);
    }

    @Test
    void pagesAndApiAnswersCarryTheSecurityHeaders() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "chat.html", "js/wshub.js", "css/wshub.css")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(http(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), path);
            for (Map.Entry<String, String> header : PageHeaders.ALL.entrySet()) {
                assertEquals(header.getValue(), page.headers().firstValue(header.getKey()).orElse(null),
                        path + " " + header.getKey());
            }
        }
        assertFalse(PageHeaders.CONTENT_SECURITY_POLICY.contains("unsafe"));
    }

    @Test
    void theContentSecurityPolicyStopsAPageTalkingToAnotherServer() {
        Browser browser = open(http("echo.html"));
        browser.awaitState("open", Browser.WAIT);
        Object blocked = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                document.addEventListener('securitypolicyviolation', (e) => done(e.effectiveDirective + ' ' + e.blockedURI));
                try { new WebSocket('ws://198.51.100.7:9/ws/echo'); } catch (e) { done('thrown ' + e.name); }
                """);
        assertEquals("connect-src ws://198.51.100.7:9/ws/echo", blocked);
    }

    private static List<Long> consecutive(long first, int count) {
        return IntStream.range(0, count).mapToObj(i -> first + i).toList();
    }

    /** Runs the body of an async function in a page of the server (for the module's imports) and returns its result. */
    private Object inPage(String body) {
        Browser browser = open(http("echo.html"));
        browser.awaitState("open", Browser.WAIT);
        return browser.asyncScript("const done = arguments[arguments.length - 1];\n"
                + "(async () => {\n" + body + "})().then(done, (error) => done(String(error)));");
    }

    private Browser open(URI page) {
        Browser browser = Browser.open();
        browsers.add(browser);
        browser.get(page);
        return browser;
    }

    private Browser enterChat(URI page, String user, String room) {
        Browser browser = open(page);
        browser.type("#login-name", user);
        browser.type("#login-room", room);
        browser.submit("#login");
        browser.awaitState("open", Browser.WAIT);
        return browser;
    }

    private static void join(Browser browser, String room) {
        browser.type("#join-room", room);
        browser.submit("#join");
        browser.await("in " + room, d -> browser.find("#room-title").getText().equals("# " + room)
                && browser.findAll("#online li[data-user]").size() > 0);
    }

    private static void say(Browser browser, String text) {
        browser.type("#say-text", text);
        browser.submit("#say");
    }

    private static String roomMessages(String room) {
        return "#messages div[data-room='" + room + "'] ol.log li";
    }

    private static void awaitMessages(Browser browser, String room, List<String> texts) {
        browser.await("messages " + texts, d -> browser.texts(roomMessages(room) + " .text").equals(texts));
    }

    private static List<String> senders(Browser browser, String room) {
        return browser.texts(roomMessages(room) + " .from");
    }

    private static List<String> online(Browser browser) {
        return browser.texts("#online li");
    }

    private static void awaitOnline(Browser browser, String... users) {
        browser.await("online " + List.of(users), d -> browser.findAll("#online li").stream()
                .map(item -> item.getAttribute("data-user")).sorted().toList().equals(List.of(users)));
    }

    private static void awaitValue(Browser browser, long value) {
        browser.await("value " + value, d -> browser.find("#value").getText().equals(Long.toString(value)));
    }

    private static void assertNoConsoleErrors(Browser... browsers) {
        for (Browser browser : browsers) {
            assertEquals(List.of(), browser.consoleErrors());
        }
    }
}
