package org.edgeway.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

class ConfigurationValuesTest {

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
    void configurationValuesBecomeTextListsOrRemovalsAndObjectsAreRefusedPerField() throws Exception {
        Map<String, Object> values = ConfigurationValues.of(
                read("{\"port\": 502, \"host\": \"10.0.0.1\", \"on\": true, \"stops\": [\"a|A\", 2], \"gone\": null}"));

        assertThat(values).containsEntry("port", "502").containsEntry("host", "10.0.0.1").containsEntry("on", "true")
                .containsEntry("stops", List.of("a|A", "2")).containsEntry("gone", null);

        ApiException nested = refusal(() -> ConfigurationValues.of(read("{\"a\": {\"b\": 1}, \"c\": [[1]]}")));
        assertThat(nested.status()).isEqualTo(422);
        assertThat(nested.fields()).containsOnlyKeys("a", "c");
    }
}
