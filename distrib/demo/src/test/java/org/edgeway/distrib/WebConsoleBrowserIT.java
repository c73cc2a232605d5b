package org.edgeway.distrib;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.distrib.WebConsoleIT.DemoConsole;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ExternalResource;
import org.junit.rules.RuleChain;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.rules.Timeout;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.google.gson.JsonElement;

/**
 * The web console end to end in a headless Chromium against the demo distribution run as a process: the first-start
 * setup view with the token from the home, logout and login, a configuration form refusing an invalid value next to
 * its field and storing a valid one, a bundle upload that ends ACTIVE in the bundle table, and live data that
 * changes while the page is open; and the demo's fleet console at /fleet/ with the bus's counts and the meters'
 * energy. Skipped without Debian's chromium and chromium-driver.
 */
public class WebConsoleBrowserIT {

    private static final String SIMULATOR = "org.edgeway.demo.simulator";
    private static final String HELLO = "org.example.hello";
    /** Stops of the demo bus's line 100 (etc/org.edgeway.transit.cfg). */
    private static final List<String> STOP_NAMES = List.of("Zoologischer Garten", "Großer Stern", "Reichstag",
            "Brandenburger Tor", "Staatsoper", "Lustgarten", "Alexanderplatz");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The bus's first stop visit comes about 20 s after the start; allow a slow machine. */
    private static final Duration BUS_WAIT = Duration.ofSeconds(90);
    /** The demo's meters close an energy interval every minute; the first one ends within two. */
    private static final Duration ENERGY_WAIT = Duration.ofSeconds(150);

    private static final DemoConsole GATEWAY = new DemoConsole("WebConsoleBrowserIT", List.of());

    /** No gateway start at all without a browser. */
    @ClassRule
    public static final RuleChain CLASS_RULES = RuleChain.outerRule(chromiumOrSkip()).around(GATEWAY);

    private final Browser browser = new Browser();

    @Rule
    public final RuleChain rules = RuleChain.outerRule(browser).around(new ScreenshotOnFailure())
            .around(Timeout.seconds(240));

    @Test
    public void anIntegratorSetsUpConfiguresDeploysAndWatchesLiveData() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(consoleUrl());

        setUpThePasswordWithTheTokenFromTheHome(driver);
        logOutAndInAgain(driver);
        refuseAnInvalidValueThenStoreAValidOne(driver);
        uploadABundleThatEndsActive(driver);
        watchLiveDataChange(driver);
    }

    /**
     * The demo's fleet console at /fleet/ of the same server: the first admin made with the token from the home, the
     * demo gateway in the fleet list, the bus's stop visits in the counts report and the depot meters' energy
     * intervals (one a minute in the demo) in the energy chart.
     */
    @Test
    public void anOperatorSeesTheDemoFleetItsCountsAndEnergy() throws Exception {
        WebDriver driver = browser.driver();
        driver.get("https://127.0.0.1:" + GATEWAY.port() + "/fleet/");

        WebElement token = waitFor(driver).until(visible(By.id("setup-token")));
        token.sendKeys(Files.readString(GATEWAY.home().resolve("var/security/fleet-setup.token"),
                StandardCharsets.UTF_8).strip());
        driver.findElement(By.id("setup-user")).sendKeys("dispatch");
        driver.findElement(By.id("setup-password")).sendKeys(DemoConsole.PASSWORD);
        driver.findElement(By.id("setup-password2")).sendKeys(DemoConsole.PASSWORD);
        driver.findElement(By.id("setup-submit")).click();
        waitFor(driver).withMessage("the signed-in admin in #header-user")
                .until(d -> "dispatch".equals(d.findElement(By.id("header-user")).getText().trim()));

        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"gateways\"]"))).click();
        waitFor(driver).withMessage("the demo gateway online in #fleet-table")
                .until(visible(By.cssSelector("#fleet-table tr[data-client-id][data-online=\"true\"]")));

        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"counts\"]"))).click();
        String stops = waitFor(driver, BUS_WAIT).withMessage("a stop of line 100 in #counts-table (by stop, today)")
                .until(d -> {
                    d.findElement(By.id("counts-submit")).click(); // reload: the first visit comes after ~20 s
                    String text = texts(d, By.cssSelector("#counts-table tbody tr[data-key]"));
                    return STOP_NAMES.stream().anyMatch(text::contains) ? text : null;
                });
        assertTrue(stops, driver.findElements(By.cssSelector("#counts-chart *")).size() > 0);

        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"energy\"]"))).click();
        waitFor(driver, ENERGY_WAIT).withMessage("an energy interval bar in #energy-chart")
                .until(d -> {
                    WebElement meter = d.findElement(By.id("energy-meter"));
                    if (meter.findElements(By.tagName("option")).isEmpty()) {
                        d.navigate().refresh(); // the meters list is read when the view opens
                        return false;
                    }
                    d.findElement(By.id("energy-submit")).click();
                    return !d.findElements(By.cssSelector("#energy-chart rect[data-start]")).isEmpty();
                });
        waitFor(driver).withMessage("the total in #energy-total").until(nonEmptyText(By.id("energy-total")));
    }

    private void setUpThePasswordWithTheTokenFromTheHome(WebDriver driver) throws IOException {
        WebElement token = waitFor(driver).until(visible(By.id("setup-token")));
        token.sendKeys(GATEWAY.setupToken());
        driver.findElement(By.id("setup-password")).sendKeys(DemoConsole.PASSWORD);
        driver.findElement(By.id("setup-password2")).sendKeys(DemoConsole.PASSWORD + "x");
        driver.findElement(By.id("setup-submit")).click();
        waitFor(driver).withMessage("a message that the passwords differ in #setup-error")
                .until(nonEmptyText(By.id("setup-error")));

        WebElement repeated = driver.findElement(By.id("setup-password2"));
        repeated.clear();
        repeated.sendKeys(DemoConsole.PASSWORD);
        driver.findElement(By.id("setup-submit")).click();
        waitFor(driver).withMessage("the dashboard with the gateway id after the setup")
                .until(nonEmptyText(By.id("dash-gateway-id")));
    }

    private void logOutAndInAgain(WebDriver driver) {
        waitFor(driver).until(visible(By.id("logout"))).click();
        WebElement password = waitFor(driver).withMessage("the login view after the logout")
                .until(visible(By.id("login-password")));
        password.sendKeys("not the password" + Keys.ENTER);
        waitFor(driver).withMessage("the server's message in #login-error after a wrong password")
                .until(nonEmptyText(By.id("login-error")));

        WebElement again = driver.findElement(By.id("login-password"));
        again.clear();
        again.sendKeys(DemoConsole.PASSWORD + Keys.ENTER); // the login is a form: Enter submits
        waitFor(driver).withMessage("the dashboard with the gateway id after the login")
                .until(nonEmptyText(By.id("dash-gateway-id")));
        waitFor(driver, Duration.ofSeconds(60)).withMessage("#dash-connection to say connected (the demo's broker)")
                .until(d -> "connected".equals(d.findElement(By.id("dash-connection")).getText().trim()));
    }

    private void refuseAnInvalidValueThenStoreAValidOne(WebDriver driver) throws Exception {
        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"config\"]"))).click();
        waitFor(driver).withMessage("the link to " + SIMULATOR + " in the component list")
                .until(visible(By.cssSelector("a[data-pid=\"" + SIMULATOR + "\"]"))).click();
        waitFor(driver).until(visible(By.cssSelector("form#config-form[data-pid=\"" + SIMULATOR + "\"]")));
        By interval = By.cssSelector("[id=\"field-interval.ms\"]");
        By intervalError = By.cssSelector("[data-error-for=\"interval.ms\"]");
        String stored = storedInterval();
        waitFor(driver).withMessage("the stored interval.ms " + stored + " in its field")
                .until(d -> stored.equals(d.findElement(interval).getDomProperty("value").trim()));
        String valid = stored.equals("1500") ? "1600" : "1500";

        type(driver, interval, "soon");
        driver.findElement(By.id("config-save")).click();
        String problem = waitFor(driver).withMessage("the server's problem with 'soon' under the field interval.ms")
                .until(nonEmptyText(intervalError));
        assertTrue("the invalid field is not marked: class=" + driver.findElement(interval).getDomAttribute("class"),
                driver.findElement(interval).getDomAttribute("class").contains("invalid"));
        assertEquals("a refused value was stored", stored, storedInterval());

        type(driver, interval, valid);
        driver.findElement(By.id("config-save")).click();
        waitFor(driver).withMessage("#config-saved after saving " + valid + " (the problem shown before: " + problem + ")")
                .until(visible(By.id("config-saved")));
        waitFor(driver).withMessage("the field's error cleared after a successful save")
                .until(d -> d.findElement(intervalError).getText().isBlank());
        assertEquals("the value saved in the form is not stored", valid, storedInterval());
    }

    private void uploadABundleThatEndsActive(WebDriver driver) throws Exception {
        Path jar = browser.file(HELLO + "-1.0.0.jar", WebConsoleIT.bundleJar(HELLO, "1.0.0"));
        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"bundles\"]"))).click();
        waitFor(driver).until(visible(By.id("bundles-table")));
        driver.findElement(By.id("bundle-file")).sendKeys(jar.toString());
        driver.findElement(By.id("bundle-upload")).click();
        String job = waitFor(driver, Duration.ofSeconds(60)).withMessage("the upload job to end in #bundle-job")
                .until(d -> {
                    String text = d.findElement(By.id("bundle-job")).getText();
                    return text.contains("COMPLETED") || text.contains("FAILED") || text.contains("refused") ? text : null;
                });
        assertTrue("the upload job: " + job, job.contains("COMPLETED"));
        By state = By.cssSelector("tr[data-bsn=\"" + HELLO + "\"] td[data-field=\"state\"]");
        waitFor(driver).withMessage(HELLO + " ACTIVE in the bundle table")
                .until(d -> "ACTIVE".equals(d.findElement(state).getText().trim()));
    }

    private void watchLiveDataChange(WebDriver driver) {
        waitFor(driver).until(visible(By.cssSelector("a[data-nav=\"live\"]"))).click();
        By values = By.cssSelector("#live-meters tbody[data-meter] td[data-value]");
        String first = waitFor(driver).withMessage("meter values in #live-meters")
                .until(d -> {
                    String text = texts(d, values);
                    return text.isBlank() ? null : text;
                });
        waitFor(driver).withMessage("the meter values to change (they were: " + first + ")")
                .until(d -> {
                    String now = texts(d, values);
                    return !now.isBlank() && !now.equals(first);
                });
        waitFor(driver).until(nonEmptyText(By.id("live-updated")));

        String stop = waitFor(driver, BUS_WAIT).withMessage("a stop of line 100 in #live-stop")
                .until(d -> {
                    String text = d.findElement(By.id("live-stop")).getText();
                    return STOP_NAMES.stream().anyMatch(text::contains) ? text : null;
                });
        waitFor(driver).withMessage("the passengers on board as a number in #live-occupancy after the stop " + stop)
                .until(d -> d.findElement(By.id("live-occupancy")).getText().trim().matches("\\d+"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String consoleUrl() {
        return "https://127.0.0.1:" + GATEWAY.port() + "/";
    }

    /** interval.ms of the simulator as stored, read over REST in a session of its own. */
    private static String storedInterval() throws Exception {
        WebConsoleClient rest = GATEWAY.newClient();
        WebConsoleClient.Response login = rest.login(DemoConsole.PASSWORD);
        assertEquals("a REST login: " + login, 200, login.status());
        WebConsoleClient.Response configuration = rest.get("/api/configurations/" + SIMULATOR);
        assertEquals(configuration.toString(), 200, configuration.status());
        JsonElement value = configuration.object().getAsJsonObject("properties").get("interval.ms");
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static void type(WebDriver driver, By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    private static String texts(WebDriver driver, By by) {
        return driver.findElements(by).stream().map(WebElement::getText).collect(Collectors.joining(" | "));
    }

    /** A wait that retries while the UI re-renders what it looks at. */
    private static WebDriverWait waitFor(WebDriver driver) {
        return waitFor(driver, WAIT);
    }

    private static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(250));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static Function<WebDriver, WebElement> visible(By by) {
        return driver -> {
            WebElement element = driver.findElement(by);
            return element.isDisplayed() ? element : null;
        };
    }

    private static Function<WebDriver, String> nonEmptyText(By by) {
        return driver -> {
            String text = driver.findElement(by).getText();
            return text.isBlank() ? null : text;
        };
    }

    private static TestRule chromiumOrSkip() {
        return (base, description) -> new Statement() {
            @Override
            public void evaluate() throws Throwable {
                Chromium.installedOrSkip();
                base.evaluate();
            }
        };
    }

    /** A headless Chromium through Debian's chromedriver for one test, and a directory for files to upload. */
    private static final class Browser extends ExternalResource {

        private ChromeDriver driver;
        private Path files;

        @Override
        protected void before() throws Throwable {
            files = Files.createTempDirectory("edgeway-web-browser-it-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Chromium.DRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(Chromium.BROWSER.toFile());
            options.addArguments(Chromium.HEADLESS_ARGUMENTS);
            options.setAcceptInsecureCerts(true);
            driver = new ChromeDriver(service, options);
        }

        @Override
        protected void after() {
            if (driver != null) {
                Chromium.closeQuietly(driver::quit);
            }
            if (files != null) {
                TestSupport.deleteTree(files);
            }
        }

        WebDriver driver() {
            return driver;
        }

        Path file(String name, byte[] content) throws IOException {
            return Files.write(files.resolve(name), content);
        }

        /** What the browser shows, into target/, to see why a test failed. */
        void saveScreen(String name) {
            if (driver == null) {
                return;
            }
            try {
                Path target = Files.createDirectories(Path.of("target"));
                Files.write(target.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                Files.writeString(target.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
            } catch (RuntimeException | IOException e) {
                // only a diagnostic: the test's own failure is what counts
            }
        }
    }

    /** Inside the browser's lifetime, so that the page is still there when a test fails. */
    private final class ScreenshotOnFailure extends TestWatcher {
        @Override
        protected void failed(Throwable e, Description description) {
            browser.saveScreen(description.getTestClass().getSimpleName() + "-" + description.getMethodName());
        }
    }
}
