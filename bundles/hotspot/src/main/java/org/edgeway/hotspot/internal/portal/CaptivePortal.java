package org.edgeway.hotspot.internal.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The captive portal: the RFC 8908 API ({@code GET /api/captive}), the splash page with the terms of use
 * ({@code GET /}) and the form that accepts them ({@code POST /accept}), on the JDK's HTTP server.
 *
 * <p>A client is known by the pseudonymous id the {@link ClientDirectory} gives for its address; whether it is
 * captive is the directory's {@link PortalState#accepted()}. Accepting the terms is recorded in the
 * {@link AcceptanceStore}. Anything unexpected from a client gets a short plain-text error (never a stack trace) and
 * at most one log line per kind of problem per minute; log lines name neither addresses nor pseudonyms.
 */
public final class CaptivePortal implements AutoCloseable {

    static final String CAPTIVE_JSON = "application/captive+json";
    static final int MAX_FORM_BYTES = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(CaptivePortal.class);
    private static final String GET_HEAD = "GET, HEAD";
    private static final int THREADS = 4;
    // Backpressure: when all workers are busy and this many requests wait, the accepting thread serves the next
    // request itself (so it stops accepting) instead of queueing without bound.
    private static final int QUEUE = 64;

    private final PortalSettings settings;
    private final ClientDirectory directory;
    private final AcceptanceStore store;
    private final Clock clock;
    private final FormToken tokens;
    private final ProblemGate problems;
    private final Gson gson = new Gson();

    private HttpServer server;
    private ThreadPoolExecutor executor;

    /**
     * @param settings  where to listen and what to show
     * @param directory maps request addresses to clients and tells their state
     * @param store     records acceptances of the terms
     */
    public CaptivePortal(PortalSettings settings, ClientDirectory directory, AcceptanceStore store) {
        this(settings, directory, store, Clock.systemUTC(), new SecureRandom());
    }

    CaptivePortal(PortalSettings settings, ClientDirectory directory, AcceptanceStore store, Clock clock,
            SecureRandom random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = new FormToken(random);
        this.problems = new ProblemGate(clock, Duration.ofMinutes(1));
    }

    /**
     * Starts listening.
     *
     * @throws IOException           if the address cannot be bound (e.g. the port is in use)
     * @throws IllegalStateException if already started
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the captive portal is already running");
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bindAddress()),
                settings.port());
        HttpServer created = HttpServer.create(address, 50);
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "hotspot-portal-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        created.setExecutor(pool);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        executor = pool;
        LOG.info("Captive portal listening on {}:{}", settings.bindAddress(), port());
    }

    /** @return the port the portal listens on (the actual one when configured as 0) */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the captive portal is not running");
        }
        return server.getAddress().getPort();
    }

    /** Stops listening; requests in progress are cut off. Idempotent. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
        LOG.info("Captive portal stopped");
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            switch (path == null ? "" : path) {
                case "/api/captive" -> {
                    if (allowed(exchange, method, GET_HEAD)) {
                        captiveApi(exchange);
                    }
                }
                case "/" -> {
                    if (allowed(exchange, method, GET_HEAD)) {
                        splash(exchange);
                    }
                }
                case "/accept" -> {
                    if (allowed(exchange, method, "POST")) {
                        accept(exchange);
                    }
                }
                default -> {
                    problem("not-found", "A client asked for an unknown path");
                    text(exchange, 404, "not found");
                }
            }
        } catch (IOException e) {
            problem("io", "A client connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            // Logged without the request (it may carry personal data); the client gets no details.
            if (problems.admit("internal").isPresent()) {
                LOG.error("The captive portal failed to answer a request", e);
            }
            if (exchange.getResponseCode() == -1) {
                try {
                    text(exchange, 500, "internal error");
                } catch (IOException | RuntimeException ignored) {
                    // the connection is closed below anyway
                }
            }
        } finally {
            exchange.close();
        }
    }

    private boolean allowed(HttpExchange exchange, String method, String allow) throws IOException {
        if (List.of(allow.split(", ")).contains(method)) {
            return true;
        }
        problem("method", "A client used an unsupported method");
        exchange.getResponseHeaders().set("Allow", allow);
        text(exchange, 405, "method not allowed");
        return false;
    }

    // RFC 8908 section 5.
    private void captiveApi(HttpExchange exchange) throws IOException {
        Optional<String> pseudonym = directory.pseudonymFor(clientAddress(exchange));
        PortalState state = pseudonym.map(directory::stateOf).orElse(PortalState.captive());
        boolean online = state.accepted();
        JsonObject json = new JsonObject();
        json.addProperty("captive", !online);
        json.addProperty("user-portal-url", portalUrl(exchange));
        if (settings.venueInfoUrl() != null) {
            json.addProperty("venue-info-url", settings.venueInfoUrl());
        }
        json.addProperty("can-extend-session", false);
        if (online && state.secondsRemaining() != null) {
            json.addProperty("seconds-remaining", state.secondsRemaining());
        }
        if (online && state.bytesRemaining() != null) {
            json.addProperty("bytes-remaining", state.bytesRemaining());
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", CAPTIVE_JSON);
        headers.set("Cache-Control", "private");
        send(exchange, 200, gson.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    private void splash(HttpExchange exchange) throws IOException {
        Map<String, String> query;
        try {
            query = parseForm(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            query = Map.of(); // a garbled query string still gets the page
        }
        String lang = language(query.get("lang"), exchange.getRequestHeaders().getFirst("Accept-Language"));
        Optional<String> pseudonym = directory.pseudonymFor(clientAddress(exchange));
        String html;
        if (pseudonym.isEmpty()) {
            html = SplashPage.render(settings, lang, SplashPage.View.UNKNOWN_CLIENT, null, null);
        } else {
            PortalState state = directory.stateOf(pseudonym.get());
            html = state.accepted()
                    ? SplashPage.render(settings, lang, SplashPage.View.ONLINE, null, state)
                    : SplashPage.render(settings, lang, SplashPage.View.FORM,
                            tokens.issue(pseudonym.get(), today()), null);
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Content-Language", lang);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        send(exchange, 200, html.getBytes(StandardCharsets.UTF_8));
    }

    private void accept(HttpExchange exchange) throws IOException {
        Headers request = exchange.getRequestHeaders();
        String contentType = request.getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip()
                .matches("application/x-www-form-urlencoded\\s*(;.*)?")) {
            problem("not-a-form", "A client posted something else than a form to /accept");
            text(exchange, 400, "expected a form (application/x-www-form-urlencoded)");
            return;
        }
        String declaredLength = request.getFirst("Content-Length");
        if (declaredLength != null && !declaredLength.strip().matches("\\d{1,4}")
                || declaredLength != null && Integer.parseInt(declaredLength.strip()) > MAX_FORM_BYTES) {
            problem("too-large", "A client posted a form larger than 2 KiB");
            text(exchange, 400, "form too large");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            problem("too-large", "A client posted a form larger than 2 KiB");
            text(exchange, 400, "form too large");
            return;
        }
        Map<String, String> form;
        try {
            form = parseForm(asciiOnly(body));
        } catch (IllegalArgumentException e) {
            problem("garbled", "A client posted a garbled form");
            text(exchange, 400, "garbled form");
            return;
        }
        Optional<String> pseudonym = directory.pseudonymFor(clientAddress(exchange));
        if (pseudonym.isEmpty()) {
            problem("unknown-client", "A device that is not a client of the hotspot posted the terms form");
            text(exchange, 403, "not a client of this hotspot");
            return;
        }
        String token = form.get("token");
        if (token == null || token.isEmpty()) {
            problem("no-token", "A client posted the terms form without its token");
            text(exchange, 403, "missing form token");
            return;
        }
        if (!tokens.valid(token, pseudonym.get(), today())) {
            problem("bad-token", "A client posted the terms form with a token that is not its own or is outdated");
            text(exchange, 403, "invalid form token; reload the page");
            return;
        }
        String lang = PortalSettings.LANGUAGES.contains(form.get("lang")) ? form.get("lang")
                : settings.defaultLanguage();
        store.accept(pseudonym.get(), clock.instant(), lang);
        exchange.getResponseHeaders().set("Location", "/?accepted=1&lang=" + lang);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 303, new byte[0]);
    }

    private String language(String requested, String acceptLanguage) {
        if (requested != null && PortalSettings.LANGUAGES.contains(requested)) {
            return requested;
        }
        if (acceptLanguage != null && acceptLanguage.length() <= 512) {
            try {
                // RFC 4647 lookup, as the JDK implements it.
                String tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), List.of("de", "en"));
                if (tag != null) {
                    return tag;
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: the default language
            }
        }
        return settings.defaultLanguage();
    }

    private String portalUrl(HttpExchange exchange) {
        String host = settings.publicHost();
        if (host == null) {
            InetAddress local = exchange.getLocalAddress().getAddress();
            host = local.getHostAddress();
            if (local instanceof Inet6Address) {
                int scope = host.indexOf('%');
                host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
            }
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = settings.publicPort() > 0 ? settings.publicPort() : exchange.getLocalAddress().getPort();
        return "http://" + host + ":" + port + "/";
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), settings.zone());
    }

    private static InetAddress clientAddress(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress();
    }

    private void problem(String kind, String message) {
        OptionalLong held = problems.admit(kind);
        if (held.isPresent()) {
            if (held.getAsLong() > 0) {
                LOG.info("{} ({} more since the last report)", message, held.getAsLong());
            } else {
                LOG.info(message);
            }
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String asciiOnly(byte[] body) {
        for (byte b : body) {
            if (b < 0x20 || b == 0x7f) { // negative: not ASCII
                throw new IllegalArgumentException("not a URL-encoded form");
            }
        }
        return new String(body, StandardCharsets.US_ASCII);
    }

    /**
     * Parses {@code a=1&b=2} (a form body or a query string). The JDK has the decoder but no parser for the whole.
     *
     * @return the fields; empty for null or empty input
     * @throws IllegalArgumentException if a percent escape is broken or a field appears twice
     */
    static Map<String, String> parseForm(String encoded) {
        Map<String, String> fields = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (fields.put(name, value) != null) {
                throw new IllegalArgumentException("field given twice");
            }
        }
        return fields;
    }
}
