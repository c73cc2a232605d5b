package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.edgeway.distrib.WebConsoleClient.Response;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * How the web console is set up at launch, on the depot distribution run as a process: the initial password from
 * {@code EDGEWAY_WEB_PASSWORD} or {@code password.file} (used only while none is stored), plain HTTP when HTTPS is
 * off, and no open port at all when the console is disabled. The console's API itself is tested on the demo
 * distribution (WebConsoleIT, WebConsoleBrowserIT).
 */
public class WebConsoleLaunchIT {

    private static final String PID = "org.edgeway.web";
    private static final String FIRST = "first password of the depot";
    private static final String SECOND = "second password, never used";

    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-depot")).toAbsolutePath();
    private Path work;
    private Path home;
    private GatewayProcess gateway;
    private int starts;

    @Before
    public void makeHome() throws IOException {
        work = Files.createTempDirectory("edgeway-web-launch-it-");
        home = Files.createDirectories(work.resolve("home"));
    }

    @After
    public void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void thePasswordFromTheEnvironmentIsTakenOnlyWhileNoneIsStored() throws Exception {
        int port = freePort();
        WebConsoleClient console = start(Map.of("EDGEWAY_WEB_PASSWORD", FIRST), https(port), port);
        assertTrue(console.auth().object().get("passwordSet").getAsBoolean());
        assertFalse("a setup token although the password was given",
                Files.exists(home.resolve("var/security/web-setup.token")));
        assertEquals(200, console.login(FIRST).status());
        assertTrue(gateway.output(), gateway.output().contains(
                "the password was set from the environment variable EDGEWAY_WEB_PASSWORD"));
        assertFalse("the password reached the log", gateway.output().contains(FIRST));
        gateway.close();

        console = start(Map.of("EDGEWAY_WEB_PASSWORD", SECOND), https(port), port);
        assertEquals("the stored password was replaced by a later environment", 401, console.login(SECOND).status());
        assertEquals(200, console.login(FIRST).status());
        assertFalse(gateway.output().contains("the password was set from"));
    }

    @Test
    public void thePasswordFileSetsTheFirstPasswordAndAShortOneIsRefusedWithoutEchoingIt() throws Exception {
        Path file = Files.createDirectories(home.resolve("secrets")).resolve("web.pw");
        Files.writeString(file, "too short\n", StandardCharsets.UTF_8);
        int port = freePort();
        List<String> args = https(port);
        set(args, "password.file", "secrets/web.pw");
        WebConsoleClient console = start(Map.of(), args, port);
        assertFalse("a 9 character password was accepted", console.auth().object().get("passwordSet").getAsBoolean());
        assertTrue(gateway.output(), gateway.output().contains("is not used: the password must have at least 10"));
        assertFalse("the refused password reached the log", gateway.output().contains("too short"));
        assertTrue("no setup token while no password is set",
                Files.exists(home.resolve("var/security/web-setup.token")));
        gateway.close();

        Files.writeString(file, FIRST + "\nsecond line ignored\n", StandardCharsets.UTF_8);
        console = start(Map.of(), args, port);
        assertEquals(200, console.login(FIRST).status());
        assertFalse("the setup token outlived the password",
                Files.exists(home.resolve("var/security/web-setup.token")));
    }

    @Test
    public void withHttpsOffTheConsoleSpeaksPlainHttpAndItsCookieIsNotMarkedSecure() throws Exception {
        int httpPort = freePort();
        int httpsPort = freePort();
        List<String> args = https(httpsPort);
        set(args, "https.enabled", "false");
        set(args, "http.port", Integer.toString(httpPort));
        gateway = GatewayProcess.start(distribution, home, env(Map.of("EDGEWAY_WEB_PASSWORD", FIRST)), args,
                work.resolve("gateway-" + ++starts + ".log"), null);
        WebConsoleClient console = new WebConsoleClient(URI.create("http://127.0.0.1:" + httpPort),
                SSLContext.getDefault());
        awaitConsole(console);
        Response login = console.login(FIRST);
        assertEquals(login.toString(), 200, login.status());
        String cookie = login.headers("Set-Cookie").stream().filter(c -> c.startsWith("edgeway_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + login.headers()));
        assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assertFalse(cookie, cookie.contains("Secure"));
        assertTrue(gateway.output(), gateway.output().contains("HTTPS is off"));
        assertRefused(httpsPort);
    }

    @Test
    public void aDisabledConsoleOpensNoPort() throws Exception {
        int port = freePort();
        List<String> args = https(port);
        set(args, "enabled", "false");
        gateway = GatewayProcess.start(distribution, home, env(Map.of()), args,
                work.resolve("gateway-" + ++starts + ".log"), null);
        gateway.awaitOutput("web console: disabled");
        gateway.awaitOutput("ready in");
        assertRefused(port);
        assertFalse("a setup token for a disabled console", Files.exists(home.resolve("var/security/web-setup.token")));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<String> https(int port) {
        List<String> args = new ArrayList<>();
        set(args, "https.port", Integer.toString(port));
        return args;
    }

    private static void set(List<String> args, String key, String value) {
        args.add("--set");
        args.add(PID + ":" + key + "=" + value);
    }

    private Map<String, String> env(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(extra);
        // no broker in this test: the connection retries in the background, which does not matter here
        env.put("EDGEWAY_MQTT_URL", "tcp://127.0.0.1:" + freePort());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** Starts the gateway and returns a client of its console once it answers (over HTTPS, trusting its certificate). */
    private WebConsoleClient start(Map<String, String> extraEnv, List<String> args, int port) throws Exception {
        gateway = GatewayProcess.start(distribution, home, env(extraEnv), args,
                work.resolve("gateway-" + ++starts + ".log"), null);
        gateway.awaitOutput("web console: https://127.0.0.1:" + port + "/");
        WebConsoleClient console = WebConsoleClient.forGateway(home, port);
        awaitConsole(console);
        return console;
    }

    /** The console answers once Jetty has (re)started with the console's settings. */
    private void awaitConsole(WebConsoleClient console) throws Exception {
        gateway.await("the console to answer GET /api/auth", () -> {
            try {
                return console.auth().status() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void assertRefused(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            fail("port " + port + " is open");
        } catch (ConnectException expected) {
            // nothing listens
        }
    }
}
