package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.core.internal.OsgiFakes.attribute;
import static org.edgeway.core.internal.OsgiFakes.ocd;
import static org.osgi.service.metatype.AttributeDefinition.BOOLEAN;
import static org.osgi.service.metatype.AttributeDefinition.BYTE;
import static org.osgi.service.metatype.AttributeDefinition.CHARACTER;
import static org.osgi.service.metatype.AttributeDefinition.DOUBLE;
import static org.osgi.service.metatype.AttributeDefinition.FLOAT;
import static org.osgi.service.metatype.AttributeDefinition.INTEGER;
import static org.osgi.service.metatype.AttributeDefinition.LONG;
import static org.osgi.service.metatype.AttributeDefinition.PASSWORD;
import static org.osgi.service.metatype.AttributeDefinition.SHORT;
import static org.osgi.service.metatype.AttributeDefinition.STRING;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.api.management.ConfigurationService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

class ConfigurationValidatorTest {

    private static final String PID = "org.example.p";

    @TempDir
    Path home;
    private SecretBox box;
    private ConfigurationValidator validator;
    private ObjectClassDefinition ocd;

    @BeforeEach
    void setUp() throws Exception {
        box = SecretBox.loadOrCreate(home.resolve("config.key"));
        validator = new ConfigurationValidator(box);
        ocd = ocd(PID,
                attribute("port", INTEGER).validator(v -> Integer.parseInt(v) > 65535 ? "Value 65536 is greater than maximum 65535" : ""),
                attribute("long", LONG), attribute("short", SHORT), attribute("byte", BYTE),
                attribute("double", DOUBLE), attribute("float", FLOAT), attribute("flag", BOOLEAN),
                attribute("char", CHARACTER), attribute("mode", STRING).options("SYNC", "COMMIT"),
                attribute("hosts", STRING).cardinality(2), attribute("ids", INTEGER).cardinality(-3),
                attribute("password", PASSWORD));
    }

    private ConfigurationValidator.Result merge(Map<String, Object> existing, Map<String, ?> changes) {
        return validator.merge(PID, ocd, existing == null ? null : new Hashtable<>(existing), changes);
    }

    @Test
    void everyTypeIsConvertedFromTextOrTypedValues() {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("port", "1883");
        changes.put("long", 5L);
        changes.put("short", "7");
        changes.put("byte", "8");
        changes.put("double", "1.5");
        changes.put("float", 2.5f);
        changes.put("flag", true);
        changes.put("char", "x");
        changes.put("mode", "SYNC");
        changes.put("hosts", List.of("a", "b"));
        changes.put("ids", "1, 2");
        ConfigurationValidator.Result result = merge(null, changes);
        assertThat(result.problems()).isEmpty();
        assertThat(result.properties()).containsEntry("port", 1883).containsEntry("long", 5L)
                .containsEntry("short", (short) 7).containsEntry("byte", (byte) 8).containsEntry("double", 1.5)
                .containsEntry("float", 2.5f).containsEntry("flag", true).containsEntry("char", 'x')
                .containsEntry("mode", "SYNC").containsEntry("ids", List.of(1, 2));
        assertThat((String[]) result.properties().get("hosts")).containsExactly("a", "b");
    }

    @Test
    void everyProblemIsNamedByFieldAndNothingIsMerged() {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("port", "65536");
        changes.put("long", "soon");
        changes.put("short", "40000");
        changes.put("byte", "300");
        changes.put("double", "NaN");
        changes.put("float", "x");
        changes.put("flag", "yes");
        changes.put("char", "xy");
        changes.put("mode", "FAST");
        changes.put("hosts", List.of("a", "b", "c"));
        changes.put("ids", List.of(1, 2, 3, 4));
        changes.put("nope", "1");
        ConfigurationValidator.Result result = merge(Map.of("port", 1), changes);
        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).containsOnlyKeys("org.example.p:port", "org.example.p:long", "org.example.p:short",
                "org.example.p:byte", "org.example.p:double", "org.example.p:float", "org.example.p:flag",
                "org.example.p:char", "org.example.p:mode", "org.example.p:hosts", "org.example.p:ids", "org.example.p:nope");
        assertThat(result.problems().get("org.example.p:port")).contains("greater than maximum");
        assertThat(result.problems().get("org.example.p:mode")).contains("SYNC, COMMIT");
        assertThat(result.problems().get("org.example.p:hosts")).contains("at most 2");
        assertThat(result.problems().get("org.example.p:nope")).contains("unknown key");
    }

    @Test
    void aSingleValueAttributeRefusesAList() {
        assertThat(merge(null, Map.of("port", List.of(1, 2))).problems()).containsKey("org.example.p:port");
    }

    @Test
    void aKeyOutsideTheMetatypeMayStayButNotChangeAndSystemKeysAreIgnored() {
        Map<String, Object> existing = Map.of("target", "(x=1)", "port", 1);
        assertThat(merge(existing, Map.of("target", "(x=1)", "service.pid", "other", "port", "2")).problems()).isEmpty();
        assertThat(merge(existing, Map.of("target", "(x=2)")).problems()).containsKey("org.example.p:target");
    }

    @Test
    void aNullValueRemovesAKeyAndARequiredValueWithoutDefaultIsEnforced() {
        AttributeDefinition required = attribute("host", STRING);
        ObjectClassDefinition withRequired = OsgiFakes.proxy(ObjectClassDefinition.class, Map.of(
                "getID", args -> PID,
                "getAttributeDefinitions", args -> new AttributeDefinition[] {required}));
        Map<String, Object> removal = new LinkedHashMap<>();
        removal.put("host", null);
        ConfigurationValidator.Result result = validator.merge(PID, withRequired, new Hashtable<>(Map.of("host", "h")), removal);
        assertThat(result.problems()).containsEntry("org.example.p:host", "a value is required");
        assertThat(validator.merge(PID, withRequired, null, Map.of("host", "h")).problems()).isEmpty();
    }

    @Test
    void passwordsAreEncryptedThePlaceholderKeepsTheStoredOneAndForeignCiphertextIsRefused() throws Exception {
        ConfigurationValidator.Result set = merge(null, Map.of("password", "s3cret"));
        String stored = (String) set.properties().get("password");
        assertThat(stored).startsWith("{enc}");
        assertThat(box.decrypt(stored)).isEqualTo("s3cret");

        ConfigurationValidator.Result kept = merge(Map.of("password", stored),
                Map.of("password", ConfigurationService.SECRET_PLACEHOLDER, "port", "2"));
        assertThat(kept.properties()).containsEntry("password", stored);

        assertThat(merge(null, Map.of("password", stored)).properties()).containsEntry("password", stored);
        String foreign = SecretBox.loadOrCreate(home.resolve("other.key")).encrypt("x");
        ConfigurationValidator.Result refused = merge(null, Map.of("password", foreign));
        assertThat(refused.problems()).containsKey("org.example.p:password");
        assertThat(refused.problems().get("org.example.p:password")).doesNotContain(foreign);
        assertThat(merge(null, Map.of("password", "")).properties()).containsEntry("password", "");
    }
}
