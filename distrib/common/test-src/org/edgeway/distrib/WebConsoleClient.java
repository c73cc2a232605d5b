package org.edgeway.distrib;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A small client of the gateway's local web console for the tests: HTTPS to {@code https://127.0.0.1:PORT} trusting
 * only the certificate the gateway generated ({@code var/security/web-tls.p12}), with hostname verification. It
 * keeps the session cookie {@code edgeway_session} itself (so a test can see and replay it) and sends the CSRF token
 * it got from setup or login on every POST, PUT and DELETE, unless a request says not to.
 */
final class WebConsoleClient {

    static final String SESSION_COOKIE = "edgeway_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One answer: the request it answers ({@code "GET /api/status"}), status, headers, body text and the body parsed
     * as JSON (null if it is not JSON).
     */
    record Response(String request, int status, HttpHeaders headers, String body, JsonElement json) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        List<String> headers(String name) {
            return headers.allValues(name);
        }

        /** The body as a JSON object; fails naming the body if it is something else. */
        JsonObject object() {
            if (json == null || !json.isJsonObject()) {
                throw new AssertionError("expected a JSON object, got " + this);
            }
            return json.getAsJsonObject();
        }

        /** The body as a JSON array; fails naming the body if it is something else. */
        JsonArray array() {
            if (json == null || !json.isJsonArray()) {
                throw new AssertionError("expected a JSON array, got " + this);
            }
            return json.getAsJsonArray();
        }

        @Override
        public String toString() {
            String shown = body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
            return status + " " + shown;
        }
    }

    private final HttpClient http;
    private final URI base;
    /** The session cookie's name: each console has its own. */
    private final String cookieName;
    /** Every answer this client received, for checks across all of them (no stack traces anywhere). */
    private final List<Response> received = Collections.synchronizedList(new ArrayList<>());
    private volatile String sessionId;
    private volatile String csrf;

    WebConsoleClient(URI base, SSLContext ssl) {
        this(base, ssl, SESSION_COOKIE);
    }

    WebConsoleClient(URI base, SSLContext ssl, String cookieName) {
        this.base = base;
        this.cookieName = cookieName;
        this.http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * A client of the console of the gateway in {@code home} on {@code port}, trusting the certificate in
     * {@code home/var/security/web-tls.p12} (its password in {@code web-tls.password}) and nothing else.
     */
    static WebConsoleClient forGateway(Path home, int port) throws IOException, GeneralSecurityException {
        return new WebConsoleClient(URI.create("https://127.0.0.1:" + port), trusting(home));
    }

    /** An SSL context whose only trust anchors are the certificates in the gateway's generated keystore. */
    static SSLContext trusting(Path home) throws IOException, GeneralSecurityException {
        Path security = home.resolve("var/security");
        char[] password = Files.readString(security.resolve("web-tls.password"), StandardCharsets.UTF_8).strip()
                .toCharArray();
        KeyStore served = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security.resolve("web-tls.p12"))) {
            served.load(in, password);
        }
        // only the certificates as trusted entries: the private key has no business in a trust store
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        for (String alias : Collections.list(served.aliases())) {
            Certificate certificate = served.getCertificate(alias);
            if (certificate != null) {
                trusted.setCertificateEntry(alias, certificate);
            }
        }
        if (trusted.size() == 0) {
            throw new GeneralSecurityException("no certificate in " + security.resolve("web-tls.p12"));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    URI base() {
        return base;
    }

    /** The current session id from the cookie; null before a login. */
    String sessionId() {
        return sessionId;
    }

    /** The CSRF token from the last setup, login or {@code GET /api/auth}; null before. */
    String csrf() {
        return csrf;
    }

    /** Uses another session id, e.g. one that was logged out, to check it no longer works. */
    void useSession(String id) {
        sessionId = id;
    }

    List<Response> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    // ---- the authentication endpoints; each keeps the CSRF token of a successful answer --------------------------

    Response auth() throws IOException, InterruptedException {
        Response response = get("/api/auth");
        if (response.status() == 200) {
            rememberCsrf(response);
        }
        return response;
    }

    Response setup(String token, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("token", token);
        body.addProperty("password", password);
        return rememberingCsrf(post("/api/auth/setup", body));
    }

    Response login(String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("password", password);
        return rememberingCsrf(post("/api/auth/login", body));
    }

    /** The fleet console's login: a user name and a password. */
    Response fleetLogin(String user, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("user", user);
        body.addProperty("password", password);
        return rememberingCsrf(post("/fleet/api/auth/login", body));
    }

    Response logout() throws IOException, InterruptedException {
        return post("/api/auth/logout", (JsonElement) null);
    }

    Response changePassword(String current, String password) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("current", current);
        body.addProperty("password", password);
        return post("/api/auth/password", body);
    }

    // ---- plain requests ------------------------------------------------------------------------------------------

    Response get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null, Map.of(), false);
    }

    /** A GET whose answer is binary (e.g. protobuf): its status and bytes. */
    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
        String session = sessionId;
        if (session != null) {
            request.header("Cookie", cookieName + "=" + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null, Map.of(), true);
    }

    /** POST of a JSON body (none if null), with the CSRF token. */
    Response post(String path, JsonElement body) throws IOException, InterruptedException {
        return sendJson("POST", path, body == null ? null : body.toString(), true);
    }

    /** PUT of a JSON body, with the CSRF token. */
    Response put(String path, JsonElement body) throws IOException, InterruptedException {
        return sendJson("PUT", path, body.toString(), true);
    }

    /** A request with the body text as it is, {@code application/json}: for malformed JSON. */
    Response sendJson(String method, String path, String body, boolean withCsrf) throws IOException, InterruptedException {
        return send(method, path, body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of(), withCsrf);
    }

    /** {@code POST /api/bundles} with the file's bytes, as the UI does. */
    Response upload(byte[] file, String fileName) throws IOException, InterruptedException {
        return send("POST", "/api/bundles", "application/octet-stream", file, Map.of("X-File-Name", fileName), true);
    }

    /**
     * Any request. The session cookie goes along if there is one; the CSRF token only if {@code withCsrf} (and
     * there is one). A {@code Set-Cookie} of the session in the answer replaces the session id (an empty value or
     * {@code Max-Age=0} removes it).
     */
    Response send(String method, String path, String contentType, byte[] body, Map<String, String> headers,
            boolean withCsrf) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        String session = sessionId;
        if (session != null) {
            request.header("Cookie", cookieName + "=" + session);
        }
        String token = csrf;
        if (withCsrf && token != null) {
            request.header(CSRF_HEADER, token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (String cookie : answer.headers().allValues("Set-Cookie")) {
            rememberSession(cookie);
        }
        Response response = new Response(method + " " + path, answer.statusCode(), answer.headers(), answer.body(),
                parse(answer.body()));
        received.add(response);
        return response;
    }

    /** The {@code Set-Cookie} header of the session cookie in {@code response}; fails if there is none. */
    static String sessionCookieHeader(Response response) {
        return response.headers("Set-Cookie").stream().filter(cookie -> cookie.startsWith(SESSION_COOKIE + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no " + SESSION_COOKIE + " cookie in " + response
                        + " " + response.headers().map()));
    }

    static String query(String key, Object value) {
        return key + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    private Response rememberingCsrf(Response response) {
        if (response.status() == 200) {
            rememberCsrf(response);
        }
        return response;
    }

    private void rememberCsrf(Response response) {
        if (response.json() != null && response.json().isJsonObject()) {
            JsonElement token = response.json().getAsJsonObject().get("csrf");
            csrf = token == null || token.isJsonNull() ? null : token.getAsString();
        }
    }

    private void rememberSession(String setCookie) {
        String[] parts = setCookie.split(";");
        String first = parts[0].trim();
        if (!first.startsWith(cookieName + "=")) {
            return;
        }
        String value = first.substring(cookieName.length() + 1).trim();
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
            expired |= attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970");
        }
        sessionId = value.isEmpty() || expired ? null : value;
    }

    private static JsonElement parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JsonParser.parseString(body);
        } catch (JsonParseException e) {
            return null; // not JSON: HTML, XML or text
        }
    }
}
