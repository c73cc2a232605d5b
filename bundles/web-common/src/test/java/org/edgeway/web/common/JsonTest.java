package org.edgeway.web.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

class JsonTest {

    record SnapshotInfo(long id, Instant taken, String reason, int configurations) {
    }

    private final Json json = new Json();

    private JsonObject read(String body) throws Exception {
        return json.readObject(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiException refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an ApiException, got " + e, e);
        }
        throw new AssertionError("expected an ApiException");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void writesRecordsByComponentNameAndInstantsAsIsoText() {
        String text = json.write(new SnapshotInfo(3, Instant.parse("2026-11-26T10:00:00Z"), "before <rollback>", 7));

        assertThat(text).isEqualTo("{\"id\":3,\"taken\":\"2026-11-26T10:00:00Z\",\"reason\":\"before <rollback>\","
                + "\"configurations\":7}");
    }

    @Test
    void refusesMalformedEmptyOversizedAndNonObjectBodiesWithAClientError() {
        ApiException malformed = refusal(() -> read("{\"a\": "));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.getMessage()).startsWith("malformed JSON").doesNotContain("https://");

        assertThat(refusal(() -> read("")).status()).isEqualTo(400);
        ApiException array = refusal(() -> read("[1, 2]"));
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.getMessage()).contains("must be a JSON object, not an array");

        char[] big = new char[Json.MAX_BODY_BYTES + 10];
        Arrays.fill(big, ' ');
        assertThat(refusal(() -> read("{" + new String(big) + "}")).status()).isEqualTo(413);
    }

    @Test
    void textMembersMustBePresentAndStrings() throws Exception {
        JsonObject body = read("{\"password\": 12, \"name\": \"x\"}");

        assertThat(Json.text(body, "name")).isEqualTo("x");
        ApiException wrongType = refusal(() -> Json.text(body, "password"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.fields()).containsEntry("password", "must be a string");
        assertThat(refusal(() -> Json.text(body, "token")).fields()).containsKey("token");
    }
}
