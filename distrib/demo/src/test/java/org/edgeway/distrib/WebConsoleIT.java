package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.edgeway.distrib.WebConsoleClient.query;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.edgeway.distrib.WebConsoleClient.Response;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ExternalResource;
import org.junit.rules.Timeout;
import org.junit.runners.MethodSorters;
import org.w3c.dom.Document;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The local web console's REST API (docs/web-console.md) on the demo distribution run as a process: first-start
 * setup with the token from the home, sessions and their cookie, CSRF, security headers, status, validated
 * configuration, snapshots, bundle upload and removal, bad input, logs and live data, and login throttling.
 *
 * <p>One gateway for the whole class. The first test ({@code a_...}) sees the first start and sets the password;
 * the throttling test ({@code z_...}) locks this machine's address out of logins, so it runs last, and the final
 * check ({@code zz_...}) looks at every error answer the class received.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class WebConsoleIT {

    private static final int MAX_LOGIN_FAILURES = 3;
    private static final int UPLOAD_MAX_BYTES = 64 * 1024;
    private static final long TIMEOUT_S = 60;
    private static final String SIMULATOR = "org.edgeway.demo.simulator";
    private static final String METER_FACTORY = "org.edgeway.modbus.meter";
    private static final String HELLO = "org.example.hello";
    /** Every endpoint that needs a session, read-only. */
    private static final List<String> SESSION_ONLY = List.of("/api/status", "/api/bundles", "/api/packages",
            "/api/jobs/last", "/api/components", "/api/configurations", "/api/configurations/" + SIMULATOR,
            "/api/snapshots", "/api/logs", "/api/live");

    @ClassRule
    public static final DemoConsole GATEWAY = new DemoConsole("WebConsoleIT",
            List.of("--set", "org.edgeway.web:login.max.failures=" + MAX_LOGIN_FAILURES,
                    "--set", "org.edgeway.web:upload.max.bytes=" + UPLOAD_MAX_BYTES));

    @Rule
    public final Timeout timeout = Timeout.seconds(120);

    // ---- authentication and sessions ---------------------------------------------------------------------------

    @Test
    public void a_firstStartAcceptsOnlyTheSetupWithTheTokenFromTheHome() throws Exception {
        WebConsoleClient browser = GATEWAY.newClient();
        Response auth = browser.auth();
        assertEquals(auth.toString(), 200, auth.status());
        assertFalse(auth.toString(), auth.object().get("passwordSet").getAsBoolean());
        assertTrue(auth.toString(), isNull(auth.object().get("user")));
        assertTrue(auth.toString(), isNull(auth.object().get("csrf")));
        for (String path : SESSION_ONLY) {
            assertStatus("GET " + path + " before any password", 401, browser.get(path));
        }
        assertStatus("a login before a password is set", 409, browser.login(DemoConsole.PASSWORD));

        Path tokenFile = GATEWAY.home().resolve("var/security/web-setup.token");
        assertEquals("the mode of " + tokenFile, "rw-------", mode(tokenFile));
        String token = GATEWAY.setupToken();
        assertStatus("setup with a wrong token", 403, browser.setup("not-" + token, DemoConsole.PASSWORD));
        Response tooShort = browser.setup(token, "nine char");
        assertStatus("setup with a 9 character password", 422, tooShort);
        assertTrue(tooShort.toString(), hasText(tooShort.object(), "error"));
        assertTrue("no fields.password in " + tooShort, tooShort.object().has("fields")
                && hasText(tooShort.object().getAsJsonObject("fields"), "password"));
        assertStatus("setup with a 201 character password", 422, browser.setup(token, "x".repeat(201)));
        assertStatus("still no session", 401, browser.get("/api/status"));

        Response setup = browser.setup(token, DemoConsole.PASSWORD);
        assertStatus("setup with the token from " + tokenFile, 200, setup);
        assertEquals(setup.toString(), "admin", setup.object().get("user").getAsString());
        assertTrue(setup.toString(), hasText(setup.object(), "csrf"));
        assertNotNull("setup did not set the session cookie", browser.sessionId());
        assertStatus("the session of the setup", 200, browser.get("/api/status"));
        Response after = browser.auth();
        assertTrue(after.toString(), after.object().get("passwordSet").getAsBoolean());
        assertEquals(after.toString(), "admin", after.object().get("user").getAsString());
        assertEquals(after.toString(), setup.object().get("csrf").getAsString(), after.object().get("csrf").getAsString());
        GATEWAY.adoptAdmin(browser);

        assertStatus("a second setup with the same token", 409, GATEWAY.newClient().setup(token, "another password 1"));
        GATEWAY.await("the setup token file to be gone", () -> !Files.exists(tokenFile));
        Path hash = GATEWAY.home().resolve("var/security/web-admin.hash");
        assertEquals("the mode of " + hash, "rw-------", mode(hash));
        assertFalse("the password is stored in clear", Files.readString(hash, StandardCharsets.ISO_8859_1)
                .contains(DemoConsole.PASSWORD));
        Response anonymous = GATEWAY.newClient().auth();
        assertTrue(anonymous.toString(), anonymous.object().get("passwordSet").getAsBoolean());
        assertTrue(anonymous.toString(), isNull(anonymous.object().get("user")));
    }

    @Test
    public void loginSetsAStrictSecureHttpOnlySessionCookieWithANewIdEachTime() throws Exception {
        GATEWAY.admin();
        WebConsoleClient client = GATEWAY.newClient();
        Response first = client.login(GATEWAY.password());
        assertStatus("login", 200, first);
        assertEquals(first.toString(), "admin", first.object().get("user").getAsString());
        assertTrue(first.toString(), hasText(first.object(), "csrf"));
        String cookie = WebConsoleClient.sessionCookieHeader(first);
        Set<String> attributes = cookieAttributes(cookie);
        for (String expected : List.of("httponly", "secure", "samesite=strict", "path=/")) {
            assertTrue("the session cookie has no " + expected + ", only " + attributes, attributes.contains(expected));
        }
        String firstId = client.sessionId();
        assertTrue("the session id is too short for 256 random bits", firstId.length() >= 32);

        Response second = client.login(GATEWAY.password());
        assertStatus("a second login", 200, second);
        assertNotEquals("a login must give a new session id", firstId, client.sessionId());
        assertStatus("the new session", 200, client.get("/api/status"));
    }

    @Test
    public void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        WebConsoleClient anonymous = GATEWAY.newClient();
        List<Response> answers = List.of(anonymous.auth(), anonymous.get("/api/status"), anonymous.get("/"),
                admin.get("/api/status"), admin.get("/api/nothing-here"), admin.get("/"));
        for (Response answer : answers) {
            String what = answer.request() + " -> " + answer.status();
            assertHeader(what, answer, "Cache-Control", value -> value.contains("no-store"));
            assertHeader(what, answer, "X-Content-Type-Options", "nosniff"::equalsIgnoreCase);
            assertHeader(what, answer, "X-Frame-Options", "DENY"::equalsIgnoreCase);
            assertHeader(what, answer, "Referrer-Policy", "no-referrer"::equalsIgnoreCase);
            assertHeader(what, answer, "Content-Security-Policy", WebConsoleIT::onlyOwnScriptsAndStyles);
        }
        Response status = admin.get("/api/status");
        assertHeader("GET /api/status", status, "Content-Type", value -> value.startsWith("application/json"));
        Response index = admin.get("/");
        assertStatus("the UI at /", 200, index);
        assertHeader("GET /", index, "Content-Type", value -> value.startsWith("text/html"));
    }

    @Test
    public void logoutEndsTheSession() throws Exception {
        GATEWAY.admin();
        WebConsoleClient client = GATEWAY.newClient();
        assertStatus("login", 200, client.login(GATEWAY.password()));
        String session = client.sessionId();
        assertStatus("with the session", 200, client.get("/api/status"));

        assertStatus("logout", 204, client.logout());
        client.useSession(session); // the browser might keep the old cookie: the server must not
        assertStatus("the logged out session", 401, client.get("/api/status"));
        Response auth = client.auth();
        assertTrue(auth.toString(), isNull(auth.object().get("user")));
    }

    @Test
    public void passwordChangeEndsTheOtherSessions() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String original = GATEWAY.password();
        String changed = original + "-changed";
        WebConsoleClient other = GATEWAY.newClient();
        assertStatus("a second session", 200, other.login(original));

        Response tooShort = admin.changePassword(original, "short");
        assertStatus("a new password of 5 characters", 422, tooShort);
        assertStatus("the other session after a refused change", 200, other.get("/api/status"));

        assertStatus("the password change", 204, admin.changePassword(original, changed));
        GATEWAY.passwordChanged(changed);
        assertStatus("the other session after the change", 401, other.get("/api/status"));
        assertStatus("the session that changed it", 200, admin.get("/api/status"));
        assertStatus("a login with the new password", 200, GATEWAY.newClient().login(changed));

        assertStatus("changing it back", 204, admin.changePassword(changed, original));
        GATEWAY.passwordChanged(original);
        assertStatus("a login with the original password", 200, GATEWAY.newClient().login(original));
    }

    @Test
    public void changesWithoutTheCsrfTokenAreRefusedAndChangeNothing() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String interval = property(admin, SIMULATOR, "interval.ms");
        String other = interval.equals("3333") ? "3334" : "3333";
        String body = "{\"interval.ms\": \"" + other + "\"}";

        assertForbidden("PUT without the token", admin.sendJson("PUT", "/api/configurations/" + SIMULATOR, body, false));
        assertForbidden("PUT with a wrong token", admin.send("PUT", "/api/configurations/" + SIMULATOR,
                "application/json", body.getBytes(StandardCharsets.UTF_8),
                Map.of(WebConsoleClient.CSRF_HEADER, "not-" + admin.csrf()), false));
        assertEquals("a refused PUT changed the value", interval, property(admin, SIMULATOR, "interval.ms"));

        int snapshots = admin.get("/api/snapshots").array().size();
        assertForbidden("POST /api/snapshots without the token", admin.sendJson("POST", "/api/snapshots", null, false));
        assertEquals("a refused POST took a snapshot", snapshots, admin.get("/api/snapshots").array().size());

        String workshop = METER_FACTORY + "~workshop";
        assertForbidden("DELETE without the token", admin.send("DELETE", "/api/configurations/" + workshop, null, null,
                Map.of(), false));
        assertStatus("the configuration a refused DELETE named", 200, admin.get("/api/configurations/" + workshop));

        assertForbidden("an upload without the token", admin.send("POST", "/api/bundles", "application/octet-stream",
                bundleJar("org.example.csrf", "1.0.0"), Map.of("X-File-Name", "org.example.csrf-1.0.0.jar"), false));
        assertTrue("a refused upload installed its bundle", findBundle(admin, "org.example.csrf").isEmpty());

        WebConsoleClient second = GATEWAY.newClient();
        assertStatus("a second session", 200, second.login(GATEWAY.password()));
        assertForbidden("a logout without the token", second.sendJson("POST", "/api/auth/logout", null, false));
        assertStatus("the session a refused logout named", 200, second.get("/api/status"));
    }

    // ---- status, configuration, snapshots ------------------------------------------------------------------------

    @Test
    public void statusShowsTheDemoGatewayConnectedWithItsRecentPublishes() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        JsonObject status = awaitObject(admin, "/api/status", "the cloud connected and recent publishes",
                json -> isObject(json.get("cloud")) && json.getAsJsonObject("cloud").get("connected").getAsBoolean()
                        && json.get("recentPublishes").isJsonArray()
                        && json.getAsJsonArray("recentPublishes").size() > 0);
        JsonObject identity = status.getAsJsonObject("identity");
        assertTrue(status.toString(), hasText(identity, "id"));
        assertEquals(status.toString(), "demo", identity.get("profile").getAsString());
        assertTrue(status.toString(), status.get("uptimeSeconds").getAsLong() >= 0);
        assertTrue("no queue metrics: " + status, isObject(status.get("queue"))
                && status.getAsJsonObject("queue").get("queuedMessages").getAsJsonPrimitive().isNumber()
                && status.getAsJsonObject("queue").has("delivered"));
        JsonObject publish = status.getAsJsonArray("recentPublishes").get(0).getAsJsonObject();
        for (String field : List.of("time", "topic", "bytes", "qos")) {
            assertTrue("no " + field + " in " + publish, publish.has(field) && !publish.get(field).isJsonNull());
        }
        assertTrue(publish.toString(), publish.get("bytes").getAsLong() > 0);
    }

    @Test
    public void componentsListTheConsoleAndTheDemoWithTheirMetatype() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        JsonArray components = admin.get("/api/components").array();
        JsonObject web = component(components, "org.edgeway.web");
        assertFalse(web.toString(), web.get("factory").getAsBoolean());
        JsonObject simulator = component(components, SIMULATOR);
        JsonObject interval = attribute(simulator, "interval.ms");
        assertEquals(interval.toString(), "LONG", interval.get("type").getAsString());
        assertEquals(interval.toString(), "10", interval.get("min").getAsString());
        assertTrue(component(components, METER_FACTORY).get("factory").getAsBoolean());

        JsonArray configurations = admin.get("/api/configurations").array();
        assertTrue("no " + SIMULATOR + " in " + configurations, find(configurations, "pid", SIMULATOR).isPresent());
        assertFalse("an encrypted value is shown: " + configurations, configurations.toString().contains("{enc}"));
    }

    @Test
    public void invalidValuesAreRefusedNamingTheFieldAndValidOnesApplied() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String path = "/api/configurations/" + SIMULATOR;
        String interval = property(admin, SIMULATOR, "interval.ms");
        String appId = property(admin, SIMULATOR, "app.id");

        for (String invalid : List.of("soon", "5", "3600001", "12.5")) {
            JsonObject body = new JsonObject();
            body.addProperty("interval.ms", invalid);
            body.addProperty("app.id", "CHANGED");
            Response refused = admin.put(path, body);
            assertStatus("interval.ms = '" + invalid + "' (LONG, 10..3600000)", 422, refused);
            assertTrue(refused.toString(), hasText(refused.object(), "error"));
            assertTrue("no fields.interval.ms in " + refused, refused.object().has("fields")
                    && hasText(refused.object().getAsJsonObject("fields"), "interval.ms"));
            assertEquals("a refused PUT changed interval.ms", interval, property(admin, SIMULATOR, "interval.ms"));
            assertEquals("a refused PUT changed app.id", appId, property(admin, SIMULATOR, "app.id"));
        }

        String changed = interval.equals("1500") ? "1600" : "1500";
        Response applied = admin.put(path, object("interval.ms", new JsonPrimitive(changed)));
        assertStatus("interval.ms = '" + changed + "'", 200, applied);
        assertEquals(applied.toString(), changed, applied.object().getAsJsonObject("properties").get("interval.ms").getAsString());
        assertEquals(changed, property(admin, SIMULATOR, "interval.ms"));
        // a JSON number as in the documentation's example
        Response number = admin.put(path, object("interval.ms", new JsonPrimitive(Long.parseLong(interval))));
        assertStatus("interval.ms = " + interval + " as a JSON number", 200, number);
        assertEquals(interval, property(admin, SIMULATOR, "interval.ms"));
        assertEquals(appId, property(admin, SIMULATOR, "app.id"));
    }

    @Test
    public void factoryInstanceIsCreatedValidatedAndDeleted() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String instances = "/api/configurations/" + METER_FACTORY + "/instances";
        Response invalid = admin.post(instances, instance("webit2", "300"));
        assertStatus("a meter with unit.id 300 (0..255)", 422, invalid);
        assertTrue("no fields.unit.id in " + invalid, invalid.object().has("fields")
                && hasText(invalid.object().getAsJsonObject("fields"), "unit.id"));
        assertStatus("the refused instance", 404, admin.get("/api/configurations/" + METER_FACTORY + "~webit2"));

        Response created = admin.post(instances, instance("webit", "1"));
        assertStatus("a new meter instance", 201, created);
        String pid = METER_FACTORY + "~webit";
        assertEquals(created.toString(), pid, created.object().get("pid").getAsString());
        assertEquals(created.toString(), METER_FACTORY, created.object().get("factoryPid").getAsString());
        Response read = admin.get("/api/configurations/" + pid);
        assertStatus("the new instance", 200, read);
        assertEquals(read.toString(), "1", read.object().getAsJsonObject("properties").get("unit.id").getAsString());
        assertTrue(find(admin.get("/api/configurations").array(), "pid", pid).isPresent());

        assertStatus("deleting the instance", 204, admin.delete("/api/configurations/" + pid));
        assertStatus("the deleted instance", 404, admin.get("/api/configurations/" + pid));
    }

    @Test
    public void unknownPidIs404() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String unknown = "/api/configurations/org.example.nothing";
        assertError("GET of an unknown pid", 404, admin.get(unknown));
        assertError("PUT of an unknown pid", 404, admin.put(unknown, object("a", new JsonPrimitive("1"))));
        assertError("DELETE of an unknown pid", 404, admin.delete(unknown));
        assertError("an instance of an unknown factory", 404, admin.post(unknown + "/instances", instance("x", "1")));
    }

    @Test
    public void rollbackRestoresTheSnapshotWhichExportsAsKuraXml() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String interval = property(admin, SIMULATOR, "interval.ms");
        Response taken = admin.post("/api/snapshots", null);
        assertStatus("taking a snapshot", 201, taken);
        long id = taken.object().get("id").getAsLong();
        assertTrue(taken.toString(), hasText(taken.object(), "taken"));
        JsonArray snapshots = admin.get("/api/snapshots").array();
        assertEquals("the newest snapshot is not first: " + snapshots, id,
                snapshots.get(0).getAsJsonObject().get("id").getAsLong());

        String changed = interval.equals("2345") ? "2346" : "2345";
        assertStatus("a change after the snapshot", 200,
                admin.put("/api/configurations/" + SIMULATOR, object("interval.ms", new JsonPrimitive(changed))));
        assertEquals(changed, property(admin, SIMULATOR, "interval.ms"));
        assertStatus("the rollback", 204, admin.post("/api/snapshots/" + id + "/rollback", null));
        GATEWAY.await("interval.ms back at " + interval + " after the rollback",
                () -> interval.equals(property(admin, SIMULATOR, "interval.ms")));

        Response xml = admin.get("/api/snapshots/" + id + "/kura.xml");
        assertStatus("the snapshot as Kura XML", 200, xml);
        assertHeader("kura.xml", xml, "Content-Type", value -> value.startsWith("application/xml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                xml.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals(xml.body(), "configurations", document.getDocumentElement().getLocalName());
        assertEquals(xml.body(), "esf", document.getDocumentElement().getPrefix());
        assertTrue(xml.body(), xml.body().contains("pid=\"" + SIMULATOR + "\""));
    }

    // ---- bundles -------------------------------------------------------------------------------------------------

    @Test
    public void uploadedBundleIsInstalledStartedStoppedAndUninstalled() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        Response upload = admin.upload(bundleJar(HELLO, "1.0.0"), HELLO + "-1.0.0.jar");
        assertStatus("the upload of " + HELLO, 202, upload);
        JsonObject installed = awaitJob(admin, upload.object().get("jobId").getAsString(), "INSTALL");
        assertEquals("the install job: " + installed, "COMPLETED", installed.get("state").getAsString());

        JsonObject bundle = awaitBundle(admin, HELLO, "ACTIVE");
        assertEquals(bundle.toString(), "1.0.0", bundle.get("version").getAsString());
        assertTrue("the uploaded bundle has no package: " + bundle, hasText(bundle, "package"));
        assertFalse(bundle.toString(), bundle.get("essential").getAsBoolean());
        String packageName = bundle.get("package").getAsString();
        JsonArray packages = admin.get("/api/packages").array();
        assertTrue("no package " + packageName + " in " + packages, find(packages, "name", packageName).isPresent());
        long id = bundle.get("id").getAsLong();

        Response stopped = admin.post("/api/bundles/" + id + "/stop", null);
        assertStatus("stopping " + HELLO, 200, stopped);
        assertEquals(stopped.toString(), "RESOLVED", stopped.object().get("state").getAsString());
        assertEquals("RESOLVED", findBundle(admin, HELLO).orElseThrow().get("state").getAsString());
        Response started = admin.post("/api/bundles/" + id + "/start", null);
        assertStatus("starting " + HELLO, 200, started);
        assertEquals(started.toString(), "ACTIVE", started.object().get("state").getAsString());

        Response uninstall = admin.delete("/api/bundles/" + id);
        assertStatus("uninstalling " + HELLO, 202, uninstall);
        JsonObject removed = awaitJob(admin, uninstall.object().get("jobId").getAsString(), "UNINSTALL");
        assertEquals("the uninstall job: " + removed, "COMPLETED", removed.get("state").getAsString());
        GATEWAY.await(HELLO + " to be gone", () -> findBundle(admin, HELLO).isEmpty());
    }

    @Test
    public void essentialAndDistributionBundlesAreProtected() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        JsonObject core = findBundle(admin, "org.edgeway.core").orElseThrow(() -> new AssertionError("no org.edgeway.core"));
        assertTrue(core.toString(), core.get("essential").getAsBoolean());
        assertError("stopping org.edgeway.core", 409, admin.post("/api/bundles/" + core.get("id").getAsLong() + "/stop", null));
        assertError("uninstalling org.edgeway.core", 409, admin.delete("/api/bundles/" + core.get("id").getAsLong()));
        assertEquals("ACTIVE", findBundle(admin, "org.edgeway.core").orElseThrow().get("state").getAsString());

        JsonObject demo = findBundle(admin, "org.edgeway.demo").orElseThrow(() -> new AssertionError("no org.edgeway.demo"));
        assertTrue("a distribution bundle has a package: " + demo, isNull(demo.get("package")));
        assertError("uninstalling org.edgeway.demo (part of the distribution)", 409,
                admin.delete("/api/bundles/" + demo.get("id").getAsLong()));
        assertEquals("ACTIVE", findBundle(admin, "org.edgeway.demo").orElseThrow().get("state").getAsString());
    }

    // ---- bad input -----------------------------------------------------------------------------------------------

    @Test
    public void badInputIsA4xxWithAJsonErrorAndNeverAStackTrace() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        String simulator = "/api/configurations/" + SIMULATOR;
        String interval = property(admin, SIMULATOR, "interval.ms");
        Set<Integer> any4xx = Set.of(400, 404, 405, 409, 413, 415, 422);
        Set<Integer> notFound = Set.of(400, 404);

        assertBadInput("malformed JSON", any4xx, admin.sendJson("PUT", simulator, "{\"interval.ms\": ", true));
        assertBadInput("an empty body", any4xx, admin.sendJson("PUT", simulator, "", true));
        assertBadInput("a JSON array for an object", any4xx, admin.sendJson("PUT", simulator, "[1, 2, 3]", true));
        assertBadInput("a JSON string for an object", any4xx, admin.sendJson("PUT", simulator, "\"text\"", true));
        assertBadInput("an object as a value", any4xx, admin.sendJson("PUT", simulator, "{\"interval.ms\": {\"a\": 1}}", true));
        assertBadInput("a list for a single value", any4xx, admin.sendJson("PUT", simulator, "{\"interval.ms\": [1, 2]}", true));
        assertBadInput("wrong types for an instance", any4xx, admin.sendJson("POST",
                "/api/configurations/" + METER_FACTORY + "/instances", "{\"name\": 17, \"values\": \"text\"}", true));
        assertBadInput("an instance without a name", any4xx, admin.sendJson("POST",
                "/api/configurations/" + METER_FACTORY + "/instances", "{\"values\": {}}", true));
        assertBadInput("malformed JSON to the setup", any4xx, admin.sendJson("POST", "/api/auth/setup", "{\"token\": ", true));
        assertEquals("bad input changed interval.ms", interval, property(admin, SIMULATOR, "interval.ms"));

        String lastJob = admin.get("/api/jobs/last").toString();
        assertBadInput("an upload larger than upload.max.bytes", Set.of(413),
                admin.upload(new byte[UPLOAD_MAX_BYTES + 32 * 1024], "big.jar"));
        assertBadInput("a text file upload", Set.of(415),
                admin.upload("just some text\n".getBytes(StandardCharsets.UTF_8), "notes.txt"));
        assertBadInput("a zip without a manifest", Set.of(415), admin.upload(zipWithoutManifest(), "plain.zip"));
        assertBadInput("a jar whose manifest is not a bundle's", Set.of(415), admin.upload(plainJar(), "plain.jar"));
        assertBadInput("an empty upload", Set.of(400, 415), admin.upload(new byte[0], "empty.jar"));

        assertBadInput("starting an unknown bundle", Set.of(404), admin.post("/api/bundles/999999/start", null));
        assertBadInput("stopping an unknown bundle", Set.of(404), admin.post("/api/bundles/999999/stop", null));
        assertBadInput("uninstalling an unknown bundle", Set.of(404), admin.delete("/api/bundles/999999"));
        assertBadInput("a non-numeric bundle id", notFound, admin.post("/api/bundles/abc/start", null));
        assertBadInput("a non-numeric bundle id", notFound, admin.delete("/api/bundles/abc"));
        assertBadInput("a bundle id out of range", notFound, admin.post("/api/bundles/99999999999999999999999/stop", null));
        assertBadInput("rolling back an unknown snapshot", Set.of(404), admin.post("/api/snapshots/999999/rollback", null));
        assertBadInput("an unknown snapshot's XML", Set.of(404), admin.get("/api/snapshots/999999/kura.xml"));
        assertBadInput("a non-numeric snapshot id", notFound, admin.post("/api/snapshots/abc/rollback", null));
        assertBadInput("a non-numeric log position", any4xx, admin.get("/api/logs?" + query("after", "abc")));
        assertBadInput("an unknown log level", any4xx, admin.get("/api/logs?" + query("level", "LOUD")));
        assertBadInput("an unknown route", Set.of(404), admin.get("/api/nothing-here"));
        assertBadInput("an unknown route under a known one", Set.of(404, 405), admin.get("/api/bundles/1/nothing"));
        assertBadInput("DELETE of /api/status", Set.of(405), admin.delete("/api/status"));
        assertBadInput("PUT of /api/bundles", Set.of(405), admin.put("/api/bundles", new JsonObject()));
        assertBadInput("GET of the logout", Set.of(405), admin.get("/api/auth/logout"));

        assertEquals("a refused upload started a job", lastJob, admin.get("/api/jobs/last").toString());
        assertStatus("the status after all that", 200, admin.get("/api/status"));
        GATEWAY.gateway().assertAlive();
    }

    // ---- logs and live data --------------------------------------------------------------------------------------

    @Test
    public void logsComeInOrderAfterAPositionAndFilteredByLevel() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        JsonObject first = awaitObject(admin, "/api/logs?" + query("limit", 50), "log entries",
                json -> json.getAsJsonArray("entries").size() > 0);
        JsonArray entries = first.getAsJsonArray("entries");
        assertTrue("more than the limit: " + entries.size(), entries.size() <= 50);
        long last = assertIncreasingSeqs(entries);
        for (String field : List.of("time", "level", "logger", "message")) {
            assertTrue("no " + field + " in " + entries.get(0), entries.get(0).getAsJsonObject().has(field));
        }
        long next = first.get("next").getAsLong();

        // the demo keeps logging (the broker prints every message it receives)
        JsonObject newer = awaitObject(admin, "/api/logs?" + query("after", next), "log entries after " + next,
                json -> json.getAsJsonArray("entries").size() > 0);
        long firstNewer = newer.getAsJsonArray("entries").get(0).getAsJsonObject().get("seq").getAsLong();
        assertTrue("after=" + next + " returned seq " + firstNewer + ", not newer than " + last, firstNewer > last);
        assertIncreasingSeqs(newer.getAsJsonArray("entries"));

        for (String level : List.of("WARN", "ERROR")) {
            Response filtered = admin.get("/api/logs?" + query("level", level) + "&" + query("limit", 500));
            assertStatus("logs at " + level, 200, filtered);
            Set<String> allowed = level.equals("WARN") ? Set.of("WARN", "ERROR") : Set.of("ERROR");
            for (JsonElement entry : filtered.object().getAsJsonArray("entries")) {
                String entryLevel = entry.getAsJsonObject().get("level").getAsString().toUpperCase(Locale.ROOT);
                assertTrue("level=" + level + " returned " + entry, allowed.contains(entryLevel));
            }
        }
    }

    @Test
    public void liveDataShowsTheMetersTheBusAndTheHotspot() throws Exception {
        WebConsoleClient admin = GATEWAY.admin();
        JsonObject live = awaitObject(admin, "/api/live", "meters with numeric values, position, transit and hotspot",
                json -> meterWithNumbers(json).isPresent() && isObject(json.get("position"))
                        && isObject(json.get("transit")) && isObject(json.get("hotspot")));
        JsonObject meter = meterWithNumbers(live).orElseThrow();
        assertTrue(meter.toString(), hasText(meter, "meter"));
        assertTrue("no position status: " + live, isObject(live.getAsJsonObject("position").get("status")));
        JsonObject transit = live.getAsJsonObject("transit");
        assertTrue("no doorsOpen: " + transit, transit.has("doorsOpen"));
        JsonObject hotspot = live.getAsJsonObject("hotspot");
        assertTrue("no hotspot status: " + hotspot, isObject(hotspot.get("status")) && hotspot.get("clients").isJsonArray());
    }

    // ---- last: throttling, then every error answer of the class ---------------------------------------------------

    @Test
    public void z_repeatedWrongPasswordsAreThrottledWith429AndRetryAfter() throws Exception {
        GATEWAY.admin();
        WebConsoleClient guesser = GATEWAY.newClient();
        assertStatus("a good login first", 200, guesser.login(GATEWAY.password()));
        List<Integer> statuses = new ArrayList<>();
        Response throttled = null;
        for (int attempt = 0; attempt <= MAX_LOGIN_FAILURES && throttled == null; attempt++) {
            Response answer = guesser.login("wrong password " + attempt);
            statuses.add(answer.status());
            if (answer.status() == 429) {
                throttled = answer;
            } else {
                assertError("wrong password " + attempt, 401, answer);
            }
        }
        assertNotNull("no 429 after " + MAX_LOGIN_FAILURES + " failures (login.max.failures): " + statuses, throttled);
        assertTrue("throttled before a wrong password was answered with 401: " + statuses, statuses.get(0) == 401);
        assertError("the throttled login", 429, throttled);
        assertRetryAfter(throttled);
        // the right password does not help while the address waits
        Response right = GATEWAY.newClient().login(GATEWAY.password());
        assertError("the right password while throttled", 429, right);
        assertRetryAfter(right);
    }

    @Test
    public void zz_noAnswerOfTheClassWasAServerErrorOrShowedAStackTrace() {
        List<Response> answers = GATEWAY.allAnswers();
        assertFalse("no answers recorded", answers.isEmpty());
        for (Response answer : answers) {
            assertTrue("a server error: " + answer.request() + " -> " + answer, answer.status() < 500);
            if (answer.status() >= 400) {
                assertNoStackTrace(answer.request(), answer);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static void assertStatus(String what, int expected, Response response) {
        if (response.status() != expected) {
            fail(what + " (" + response.request() + "): expected " + expected + ", got " + response);
        }
    }

    /** The status and a JSON body with a non-empty {@code error}, without stack trace text. */
    private static void assertError(String what, int expected, Response response) {
        assertStatus(what, expected, response);
        assertJsonError(what, response);
    }

    private static void assertForbidden(String what, Response response) {
        assertError(what, 403, response);
    }

    private static void assertBadInput(String what, Set<Integer> expected, Response response) {
        assertTrue(what + " (" + response.request() + "): expected one of " + expected + ", got " + response,
                expected.contains(response.status()));
        assertJsonError(what, response);
    }

    private static void assertJsonError(String what, Response response) {
        assertNoStackTrace(what, response);
        assertTrue(what + " (" + response.request() + "): no JSON {\"error\": ...} in " + response,
                response.json() != null && response.json().isJsonObject() && hasText(response.object(), "error"));
    }

    private static void assertNoStackTrace(String what, Response response) {
        assertFalse(what + " (" + response.request() + "): stack trace text in " + response,
                response.body().contains("Exception") || response.body().contains("\tat "));
    }

    private static void assertHeader(String what, Response response, String name, Predicate<String> expected) {
        Optional<String> value = response.header(name);
        assertTrue(what + ": no header " + name, value.isPresent());
        assertTrue(what + ": " + name + ": " + value.get(), expected.test(value.get()));
    }

    private static void assertRetryAfter(Response response) {
        Optional<String> retryAfter = response.header("Retry-After");
        assertTrue("no Retry-After in the 429: " + response.headers().map(), retryAfter.isPresent());
        assertTrue("Retry-After: " + retryAfter.get(), retryAfter.get().matches("\\d+")
                && Long.parseLong(retryAfter.get()) > 0);
    }

    /** default-src or script-src and style-src limited to 'self', nothing inline, evaluated or from elsewhere. */
    private static boolean onlyOwnScriptsAndStyles(String policy) {
        Map<String, String> directives = new HashMap<>();
        for (String directive : policy.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            if (!parts[0].isEmpty()) {
                directives.put(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            }
        }
        String fallback = directives.get("default-src");
        for (String kind : List.of("script-src", "style-src")) {
            String sources = directives.getOrDefault(kind, fallback);
            if (sources == null || !sources.contains("'self'") || sources.contains("unsafe") || sources.contains("*")
                    || sources.matches(".*\\b(https?|data|blob):.*")) {
                return false;
            }
        }
        return true;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Set<String> cookieAttributes(String setCookie) {
        Set<String> attributes = new java.util.HashSet<>();
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            attributes.add(parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", ""));
        }
        return attributes;
    }

    private static long assertIncreasingSeqs(JsonArray entries) {
        long previous = Long.MIN_VALUE;
        for (JsonElement entry : entries) {
            long seq = entry.getAsJsonObject().get("seq").getAsLong();
            assertTrue("seq " + seq + " after " + previous + " in " + entries, seq > previous);
            previous = seq;
        }
        return previous;
    }

    /** Polls {@code GET path} until its JSON object satisfies {@code done}; fails with the last answer. */
    private static JsonObject awaitObject(WebConsoleClient client, String path, String what, Predicate<JsonObject> done)
            throws Exception {
        Response[] last = new Response[1];
        GATEWAY.await(what + " in GET " + path, () -> {
            last[0] = client.get(path);
            return last[0].status() == 200 && last[0].json() != null && last[0].json().isJsonObject()
                    && done.test(last[0].object());
        }, () -> "last answer: " + last[0]);
        return last[0].object();
    }

    /** Polls the last job until job {@code jobId} has finished its {@code phase}. */
    private static JsonObject awaitJob(WebConsoleClient client, String jobId, String phase) throws Exception {
        return awaitObject(client, "/api/jobs/last", "job " + jobId + " to finish " + phase,
                json -> jobId.equals(json.get("jobId").getAsString()) && phase.equals(json.get("phase").getAsString())
                        && !"IN_PROGRESS".equals(json.get("state").getAsString()));
    }

    private static JsonObject awaitBundle(WebConsoleClient client, String symbolicName, String state) throws Exception {
        JsonObject[] found = new JsonObject[1];
        GATEWAY.await(symbolicName + " " + state + " in GET /api/bundles", () -> {
            found[0] = findBundle(client, symbolicName).orElse(null);
            return found[0] != null && state.equals(found[0].get("state").getAsString());
        }, () -> "last seen: " + found[0]);
        return found[0];
    }

    private static Optional<JsonObject> findBundle(WebConsoleClient client, String symbolicName) throws Exception {
        Response bundles = client.get("/api/bundles");
        assertStatus("the bundle list", 200, bundles);
        return find(bundles.array(), "symbolicName", symbolicName);
    }

    private static Optional<JsonObject> find(JsonArray array, String key, String value) {
        for (JsonElement element : array) {
            if (element.isJsonObject() && element.getAsJsonObject().has(key)
                    && !element.getAsJsonObject().get(key).isJsonNull()
                    && value.equals(element.getAsJsonObject().get(key).getAsString())) {
                return Optional.of(element.getAsJsonObject());
            }
        }
        return Optional.empty();
    }

    private static JsonObject component(JsonArray components, String pid) {
        return find(components, "pid", pid).orElseThrow(() -> new AssertionError("no component " + pid + " in "
                + components.size() + " components"));
    }

    private static JsonObject attribute(JsonObject component, String id) {
        return find(component.getAsJsonArray("attributes"), "id", id).orElseThrow(
                () -> new AssertionError("no attribute " + id + " in " + component));
    }

    /** A stored property as text (a JSON number or string alike); fails if the configuration cannot be read. */
    private static String property(WebConsoleClient client, String pid, String key) throws Exception {
        Response configuration = client.get("/api/configurations/" + pid);
        assertStatus("the configuration of " + pid, 200, configuration);
        JsonElement value = configuration.object().getAsJsonObject("properties").get(key);
        assertTrue("no " + key + " in " + configuration, value != null && !value.isJsonNull());
        return value.getAsString();
    }

    /** The first meter in a live answer with at least one numeric value. */
    private static Optional<JsonObject> meterWithNumbers(JsonObject live) {
        if (live.get("meters") == null || !live.get("meters").isJsonArray()) {
            return Optional.empty();
        }
        for (JsonElement meter : live.getAsJsonArray("meters")) {
            JsonElement values = meter.isJsonObject() ? meter.getAsJsonObject().get("values") : null;
            if (isObject(values) && values.getAsJsonObject().entrySet().stream().anyMatch(value ->
                    value.getValue().isJsonPrimitive() && value.getValue().getAsJsonPrimitive().isNumber())) {
                return Optional.of(meter.getAsJsonObject());
            }
        }
        return Optional.empty();
    }

    private static JsonObject instance(String name, String unitId) {
        JsonObject values = new JsonObject();
        values.addProperty("name", name);
        values.addProperty("bus", "depot");
        values.addProperty("unit.id", unitId);
        values.addProperty("profile", "eastron-sdm630");
        values.addProperty("publish.interval.s", "60");
        JsonObject body = new JsonObject();
        body.addProperty("name", name);
        body.add("values", values);
        return body;
    }

    private static JsonObject object(String key, JsonElement value) {
        JsonObject object = new JsonObject();
        object.add(key, value);
        return object;
    }

    private static boolean isNull(JsonElement element) {
        return element == null || element.isJsonNull();
    }

    private static boolean isObject(JsonElement element) {
        return element != null && element.isJsonObject();
    }

    private static boolean hasText(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && !value.getAsString().isBlank();
    }

    /** A minimal bundle: a manifest and one resource, no code. */
    static byte[] bundleJar(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Name", "Hello from the web console test");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("hello/greeting.txt"));
            jar.write("hello, edgeway\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] zipWithoutManifest() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("not a bundle\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A jar with a manifest that names no bundle. */
    private static byte[] plainJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("not a bundle either\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /**
     * The demo distribution as a process with its web console, for a whole test class: a fresh home whose etc/ has
     * every port moved to a free one (the broker, the simulated meters, bus and access point's portal, the console),
     * ready once {@code GET /api/auth} answers over HTTPS with the certificate the gateway generated. Keeps the
     * clients it made, the admin session and the current password; copies the gateway's output to
     * {@code target/NAME-gateway.log} at the end.
     */
    static final class DemoConsole extends ExternalResource {

        static final String PASSWORD = "edgeway-it-console-1";

        private final String name;
        private final List<String> settings;
        private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
                "target/edgeway-demo")).toAbsolutePath();
        private final List<WebConsoleClient> clients = new CopyOnWriteArrayList<>();
        private Path work;
        private Path home;
        private int port;
        private GatewayProcess gateway;
        private WebConsoleClient admin;
        private String password = PASSWORD;

        /** @param settings more launch arguments, e.g. {@code --set org.edgeway.web:login.max.failures=3} */
        DemoConsole(String name, List<String> settings) {
            this.name = name;
            this.settings = List.copyOf(settings);
        }

        @Override
        protected void before() throws Throwable {
            work = Files.createTempDirectory("edgeway-web-it-");
            home = work.resolve("home");
            TestSupport.copyEtcWithFreePorts(distribution.resolve("etc"), home.resolve("etc"));
            port = freePort();
            List<String> args = new ArrayList<>(List.of("--set", "org.edgeway.web:https.port=" + port));
            args.addAll(settings);
            gateway = GatewayProcess.start(distribution, home, Map.of(), args, work.resolve("gateway.log"), null);
            awaitReady();
        }

        @Override
        protected void after() {
            if (gateway != null) {
                gateway.close();
                try {
                    Path target = Path.of("target");
                    if (Files.isDirectory(target)) {
                        Files.copy(work.resolve("gateway.log"), target.resolve(name + "-gateway.log"),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    // only a diagnostic copy
                }
            }
            if (work != null) {
                deleteTree(work);
            }
        }

        Path home() {
            return home;
        }

        int port() {
            return port;
        }

        GatewayProcess gateway() {
            return gateway;
        }

        String password() {
            return password;
        }

        void passwordChanged(String newPassword) {
            password = newPassword;
        }

        /** The one-time token the gateway wrote for the first start. */
        String setupToken() throws IOException {
            return Files.readString(home.resolve("var/security/web-setup.token"), StandardCharsets.UTF_8).strip();
        }

        /** A new client without a session. */
        WebConsoleClient newClient() throws Exception {
            WebConsoleClient client = WebConsoleClient.forGateway(home, port);
            clients.add(client);
            return client;
        }

        /** The admin's session: set up with the token if no test did that yet, else logged in. */
        WebConsoleClient admin() throws Exception {
            if (admin == null) {
                WebConsoleClient client = newClient();
                Response auth = client.auth();
                Response answer = auth.object().get("passwordSet").getAsBoolean() ? client.login(password)
                        : client.setup(setupToken(), password);
                assertStatus("the admin's session", 200, answer);
                admin = client;
            }
            return admin;
        }

        /** The session a test made by setting the password up. */
        void adoptAdmin(WebConsoleClient client) {
            admin = client;
        }

        /** Every answer any client of this gateway received. */
        List<Response> allAnswers() {
            return clients.stream().flatMap(client -> client.received().stream()).toList();
        }

        void await(String what, GatewayProcess.Check check) throws Exception {
            gateway.await(what, TIMEOUT_S, check);
        }

        /** Like {@link #await(String, GatewayProcess.Check)}, with more text for the failure message. */
        void await(String what, GatewayProcess.Check check, GatewayProcess.Diagnostics more) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (check.ok()) {
                    return;
                }
                gateway.assertAlive();
                Thread.sleep(200);
            }
            fail("waited " + TIMEOUT_S + " s for " + what + "\n" + more.text() + "\ngateway:\n" + gateway.tail());
        }

        private void awaitReady() throws Exception {
            Path tls = home.resolve("var/security/web-tls.p12");
            String[] lastProblem = {"the certificate " + tls + " was not written"};
            await("the web console to answer GET /api/auth on port " + port, () -> {
                if (!Files.exists(tls)) {
                    return false;
                }
                try {
                    Response auth = WebConsoleClient.forGateway(home, port).get("/api/auth");
                    lastProblem[0] = "last answer: " + auth;
                    return auth.status() == 200;
                } catch (IOException | java.security.GeneralSecurityException e) {
                    lastProblem[0] = "last problem: " + e;
                    return false;
                }
            }, () -> lastProblem[0]);
        }
    }
}
