package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class FormTokenTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 10);

    @Test
    void tokenIsBoundToClientDayAndKey() {
        FormToken tokens = new FormToken(new SecureRandom());
        String token = tokens.issue("p1", DAY);

        assertThat(tokens.valid(token, "p1", DAY)).isTrue();
        assertThat(tokens.valid(token, "p1", DAY.plusDays(1))).isTrue(); // a page loaded before midnight
        assertThat(tokens.valid(token, "p1", DAY.plusDays(2))).isFalse();
        assertThat(tokens.valid(token, "p2", DAY)).isFalse();
        assertThat(new FormToken(new SecureRandom()).valid(token, "p1", DAY)).isFalse();
        assertThat(tokens.valid("!!not base64!!", "p1", DAY)).isFalse();
        assertThat(tokens.valid("", "p1", DAY)).isFalse();
        assertThat(tokens.valid(null, "p1", DAY)).isFalse();
    }
}
