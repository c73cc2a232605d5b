package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.edgeway.api.cloud.CloudException;
import org.junit.jupiter.api.Test;

class AppRateLimitsTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void limitsOnlyTheNamedApplicationAndRefillsOverTime() {
        AppRateLimits limits = new AppRateLimits(new String[] {"METER-V1=2"}, now::get);

        limits.acquire("METER-V1");
        limits.acquire("METER-V1");
        assertThatThrownBy(() -> limits.acquire("METER-V1")).isInstanceOf(CloudException.class)
                .hasMessageContaining("METER-V1").hasMessageContaining("2.0 messages per second");
        for (int i = 0; i < 1000; i++) {
            limits.acquire("OTHER-V1");
        }

        now.addAndGet(500_000_000L); // half a second: one more message
        assertThatCode(() -> limits.acquire("METER-V1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.acquire("METER-V1")).isInstanceOf(CloudException.class);
    }

    @Test
    void slowRatesStillAllowOneMessage() {
        AppRateLimits limits = new AppRateLimits(new String[] {"SLOW-V1=0.1"}, now::get);

        limits.acquire("SLOW-V1");
        assertThatThrownBy(() -> limits.acquire("SLOW-V1")).isInstanceOf(CloudException.class);
        now.addAndGet(10_000_000_000L);
        assertThatCode(() -> limits.acquire("SLOW-V1")).doesNotThrowAnyException();
    }

    @Test
    void malformedSpecificationsAreRejectedByName() {
        for (String bad : new String[] {"METER-V1", "METER-V1=", "METER-V1=fast", "METER-V1=-1", "=5", "X=0"}) {
            assertThatThrownBy(() -> new AppRateLimits(new String[] {bad}, now::get))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
        assertThatCode(() -> new AppRateLimits(new String[] {""}, now::get)).doesNotThrowAnyException();
    }
}
