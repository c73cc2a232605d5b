package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());

    @Test
    void hashesIntoTheDocumentedFormat() {
        String stored = hasher.hash("correct horse".toCharArray());

        String[] parts = stored.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("1000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void verifiesTheRightPasswordAndRefusesAWrongOne() {
        String stored = hasher.hash("correct horse".toCharArray());

        assertThat(hasher.verify("correct horse".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("correct horsf".toCharArray(), stored)).isFalse();
        assertThat(hasher.verify("".toCharArray(), stored)).isFalse();
        assertThat(hasher.verify(null, stored)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        String first = hasher.hash("correct horse".toCharArray());
        String second = hasher.hash("correct horse".toCharArray());

        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
    }

    @Test
    void verifiesWithTheIterationsAndSaltOfTheStoredValue() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1 (first 32 bytes of the 64)
        byte[] expected = HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
        String stored = "pbkdf2-sha256$1$" + Base64.getEncoder().encodeToString("salt".getBytes(StandardCharsets.UTF_8))
                + "$" + Base64.getEncoder().encodeToString(expected);

        assertThat(hasher.verify("passwd".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("passwe".toCharArray(), stored)).isFalse();
    }

    @Test
    void refusesAMalformedStoredValueWithoutQuotingIt() {
        String[] malformed = {"secret-looking-value", "pbkdf2-sha256$1000$c2FsdA==", "md5$1000$c2FsdA==$aGFzaA==",
            "pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA==$" + Base64.getEncoder().encodeToString(new byte[32]),
            "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$" + Base64.getEncoder().encodeToString(new byte[32]),
            "pbkdf2-sha256$1000$not*base64$" + Base64.getEncoder().encodeToString(new byte[32]),
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$c2hvcnQ=", ""};
        for (String stored : malformed) {
            assertThatThrownBy(() -> hasher.verify("correct horse".toCharArray(), stored))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("stored password hash is malformed")
                    .hasNoCause();
            assertThatThrownBy(() -> hasher.needsRehash(stored)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> hasher.verify("x".toCharArray(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsRehashOnlyBelowItsIterations() {
        String weak = new PasswordHasher(500, new SecureRandom()).hash("correct horse".toCharArray());
        String same = hasher.hash("correct horse".toCharArray());
        String stronger = new PasswordHasher(2_000, new SecureRandom()).hash("correct horse".toCharArray());

        assertThat(hasher.needsRehash(weak)).isTrue();
        assertThat(hasher.needsRehash(same)).isFalse();
        assertThat(hasher.needsRehash(stronger)).isFalse();
        // a stronger hash still verifies with this hasher: the iterations come from the stored value
        assertThat(hasher.verify("correct horse".toCharArray(), stronger)).isTrue();
    }

    @Test
    void defaultsToTheDocumentedIterations() {
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isEqualTo(600_000);
        PasswordHasher defaults = new PasswordHasher();

        String stored = defaults.hash("correct horse".toCharArray());

        assertThat(stored).startsWith("pbkdf2-sha256$600000$");
        assertThat(defaults.needsRehash(hasher.hash("correct horse".toCharArray()))).isTrue();
        assertThat(defaults.needsRehash(stored)).isFalse();
    }

    @Test
    void refusesNonsenseIterations() {
        assertThatThrownBy(() -> new PasswordHasher(0, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
