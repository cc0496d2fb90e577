package io.wshub.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver by Selenium: nothing is downloaded. Where
 * either is missing the browser tests are skipped with a loud message, except under CI ({@code CI} set), which
 * installs both and so must fail instead.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path CHROMIUM = Path.of(System.getProperty("wshub.it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("wshub.it.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "*** " + CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium "
                    + "chromium-driver): the browser tests cannot run ***";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    static Browser open() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags this machine needs: no sandbox as root, and none of the background traffic a closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,800");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // a page that never finishes loading fails its test within a minute, not after WebDriver's five
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    void get(URI uri) {
        driver.get(uri.toString());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text of every element that matches css, in document order. */
    List<String> texts(String css) {
        return findAll(css).stream().map(WebElement::getText).toList();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void submit(String formCss) {
        find(formCss + " button[type=submit]").click();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    <T> T await(String what, ExpectedCondition<T> condition) {
        return await(what, WAIT, condition);
    }

    <T> T await(String what, Duration timeout, ExpectedCondition<T> condition) {
        // pages re-render lists as messages arrive: an element read a moment ago may be gone, so read again
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits until the page's connection badge says state. */
    void awaitState(String state, Duration timeout) {
        await("connection state " + state, timeout,
                d -> state.equals(find("#state").getAttribute("data-state")));
    }

    /** The browser console's errors since the last call: failed loads, CSP violations, uncaught exceptions. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Saves the viewport as a PNG under target/screenshots/{runtime}/. */
    void screenshot(String name) throws IOException {
        Path directory = Path.of(System.getProperty("wshub.build.directory", "target"), "screenshots",
                System.getProperty("wshub.it.runtime", "unknown"));
        Files.createDirectories(directory);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), directory.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
