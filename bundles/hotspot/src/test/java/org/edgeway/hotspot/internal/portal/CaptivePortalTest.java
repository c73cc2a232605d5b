package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaptivePortalTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String TERMS_DE = "Die Nutzung ist kostenlos.\n\nKein <script>alert(1)</script> & Co.";
    private static final String TERMS_EN = "Use is free of charge.\nBe \"nice\".";
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

    /** The hotspot as the portal sees it: every request comes from 127.0.0.1, which is one client (or none). */
    private final class Directory implements ClientDirectory {
        final AtomicReference<String> pseudonym = new AtomicReference<>("p-1");
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        @Override
        public Optional<String> pseudonymFor(InetAddress clientAddress) {
            if (failure.get() != null) {
                throw failure.get();
            }
            return clientAddress.isLoopbackAddress() ? Optional.ofNullable(pseudonym.get()) : Optional.empty();
        }

        @Override
        public PortalState stateOf(String pseudonym) {
            return new PortalState(3600L, 500_000_000L, store.accepted(pseudonym));
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-05T08:00:00Z"));
    private final InMemoryAcceptanceStore store = new InMemoryAcceptanceStore(BERLIN, clock);
    private final Directory directory = new Directory();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private CaptivePortal portal;

    @AfterEach
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    private void start(String publicHost, String venueInfoUrl) throws IOException {
        PortalSettings settings = new PortalSettings("127.0.0.1", 0, publicHost, 0, venueInfoUrl, "de",
                "WLAN im Bus <100>", "Wi-Fi on the bus", TERMS_DE, TERMS_EN, BERLIN);
        portal = new CaptivePortal(settings, directory, store, clock, new SecureRandom());
        portal.start();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + portal.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String body) throws Exception {
        return post("/accept", "application/x-www-form-urlencoded", body);
    }

    private String tokenFromSplash() throws Exception {
        HttpResponse<String> page = get("/");
        Matcher matcher = TOKEN.matcher(page.body());
        assertThat(matcher.find()).as("the splash page has a form token").isTrue();
        return matcher.group(1);
    }

    private JsonObject captiveJson() throws Exception {
        HttpResponse<String> response = get("/api/captive");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Content-Type")).containsExactly("application/captive+json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("private");
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void apiSaysCaptiveBeforeAcceptance() throws Exception {
        start("portal.bus", "https://example.org/venue?line=100");

        JsonObject json = captiveJson();

        assertThat(json.keySet()).containsExactlyInAnyOrder("captive", "user-portal-url", "venue-info-url",
                "can-extend-session");
        assertThat(json.get("captive").getAsBoolean()).isTrue();
        assertThat(json.get("user-portal-url").getAsString()).isEqualTo("http://portal.bus:" + portal.port() + "/");
        assertThat(json.get("venue-info-url").getAsString()).isEqualTo("https://example.org/venue?line=100");
        assertThat(json.get("can-extend-session").getAsBoolean()).isFalse();
    }

    @Test
    void apiSaysCaptiveForAnUnknownClientAndDefaultsThePortalUrlToTheLocalAddress() throws Exception {
        start(null, null);
        directory.pseudonym.set(null);

        JsonObject json = captiveJson();

        assertThat(json.keySet()).containsExactlyInAnyOrder("captive", "user-portal-url", "can-extend-session");
        assertThat(json.get("captive").getAsBoolean()).isTrue();
        assertThat(json.get("user-portal-url").getAsString()).isEqualTo("http://127.0.0.1:" + portal.port() + "/");
    }

    @Test
    void acceptingTheTermsTakesTheClientOnline() throws Exception {
        start("portal.bus", null);
        String token = tokenFromSplash();

        HttpResponse<String> accepted = postForm("token=" + token + "&lang=en");

        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("/?accepted=1"));
        assertThat(store.acceptance("p-1")).hasValueSatisfying(a -> {
            assertThat(a.language()).isEqualTo("en");
            assertThat(a.when()).isEqualTo(clock.instant());
        });
        JsonObject json = captiveJson();
        assertThat(json.get("captive").getAsBoolean()).isFalse();
        assertThat(json.get("seconds-remaining").getAsLong()).isEqualTo(3600);
        assertThat(json.get("bytes-remaining").getAsLong()).isEqualTo(500_000_000L);
        HttpResponse<String> page = get(accepted.headers().firstValue("Location").orElseThrow());
        assertThat(page.body()).contains("You are online").doesNotContain("<form").contains("1 h 00 min, 500 MB");
        assertThat(get("/?lang=de").body()).contains("Sie sind online");
    }

    @Test
    void splashPageIsGermanByDefaultAndEscapesConfiguredText() throws Exception {
        start(null, null);

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<html lang=\"de\">")
                .contains("<title>WLAN im Bus &lt;100&gt;</title>")
                .contains("<p>Die Nutzung ist kostenlos.</p>")
                .contains("Kein &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.")
                .doesNotContain("<script")
                .contains("Bedingungen akzeptieren")
                .contains("<form method=\"post\" action=\"/accept\">")
                .contains("<input type=\"hidden\" name=\"lang\" value=\"de\">")
                .containsPattern(TOKEN);
        // self-contained: nothing to fetch from elsewhere
        assertThat(page.body()).doesNotContain("src=").doesNotContain("<link").doesNotContain("http");
    }

    @Test
    void splashPageIsEnglishByParameterOrAcceptLanguage() throws Exception {
        start(null, null);

        for (HttpResponse<String> page : new HttpResponse[] {get("/?lang=en"),
                get("/", "Accept-Language", "en-GB,en;q=0.9,de;q=0.5"),
                get("/?lang=en", "Accept-Language", "de-DE")}) {
            assertThat(page.body()).contains("<html lang=\"en\">").contains("<title>Wi-Fi on the bus</title>")
                    .contains("Use is free of charge.<br>\nBe &quot;nice&quot;.")
                    .contains("Accept the terms and go online")
                    .contains("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        }
        assertThat(get("/?lang=fr", "Accept-Language", "fr-CH, de;q=0.8, en;q=0.7").body())
                .contains("<html lang=\"de\">");
        assertThat(get("/?lang=en&lang=en", "Accept-Language", "not a ; valid = header").body())
                .contains("<html lang=\"de\">");
    }

    @Test
    void anUnknownClientGetsTheTermsButNoForm() throws Exception {
        start(null, null);
        directory.pseudonym.set(null);

        HttpResponse<String> page = get("/?lang=en");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("not connected to this Wi-Fi").contains("Use is free of charge")
                .doesNotContain("<form");
        assertThat(postForm("token=abc&lang=en").statusCode()).isEqualTo(403);
    }

    @Test
    void headAnswersWithoutBody() throws Exception {
        start(null, null);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/captive"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/captive+json");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        start(null, null);

        HttpResponse<String> response = get("/generate_204");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("not found\n");
        assertThat(get("/api/captive/x").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        start(null, null);

        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(uri("/api/captive")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> getAccept = get("/accept");
        HttpResponse<String> postRoot = post("/", "application/x-www-form-urlencoded", "a=b");

        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(getAccept.statusCode()).isEqualTo(405);
        assertThat(getAccept.headers().firstValue("Allow")).hasValue("POST");
        assertThat(postRoot.statusCode()).isEqualTo(405);
    }

    @Test
    void oversizeBodiesAreRejected() throws Exception {
        start(null, null);
        String token = tokenFromSplash();
        String big = "token=" + token + "&lang=de&pad=" + "x".repeat(CaptivePortal.MAX_FORM_BYTES);

        HttpResponse<String> declared = postForm(big);
        byte[] bytes = big.getBytes();
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/accept"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(declared.statusCode()).isEqualTo(400);
        assertThat(declared.body()).isEqualTo("form too large\n");
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(store.accepted("p-1")).isFalse();
    }

    @Test
    void garbledBodiesAreRejected() throws Exception {
        start(null, null);
        String token = tokenFromSplash();

        assertThat(postForm("token=" + token + "&lang=%zz").statusCode()).isEqualTo(400);
        assertThat(postForm("token=" + token + "&token=" + token).statusCode()).isEqualTo(400);
        assertThat(postForm("token=" + token + "&lang=d\u00e9").statusCode()).isEqualTo(400);
        assertThat(post("/accept", "application/json", "{\"token\":\"" + token + "\"}").statusCode())
                .isEqualTo(400);
        assertThat(store.accepted("p-1")).isFalse();
    }

    @Test
    void aMissingOrForeignTokenIsForbidden() throws Exception {
        start(null, null);
        String token = tokenFromSplash();

        HttpResponse<String> missing = postForm("lang=de");
        HttpResponse<String> empty = postForm("token=&lang=de");
        directory.pseudonym.set("p-2");
        HttpResponse<String> foreign = postForm("token=" + token + "&lang=de");

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo("missing form token\n");
        assertThat(empty.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(store.accepted("p-1")).isFalse();
        assertThat(store.accepted("p-2")).isFalse();
    }

    @Test
    void aTokenFromTwoDaysAgoIsForbidden() throws Exception {
        start(null, null);
        String token = tokenFromSplash();
        clock.advance(Duration.ofDays(2));

        assertThat(postForm("token=" + token).statusCode()).isEqualTo(403);
    }

    @Test
    void aFailureGivesAPlainErrorWithoutDetails() throws Exception {
        start(null, null);
        directory.failure.set(new IllegalStateException("secret internals"));

        HttpResponse<String> response = get("/api/captive");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal error\n");
        directory.failure.set(null);
        assertThat(get("/api/captive").statusCode()).isEqualTo(200);
    }

    @Test
    void closeStopsListeningAndIsIdempotent() throws Exception {
        start(null, null);
        URI api = uri("/api/captive");

        portal.close();
        portal.close();

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> http.send(
                HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()))).isInstanceOf(IOException.class);
    }
}
