package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretKeysContainPasswordOrSecret() {
        assertThat(Secrets.isSecretKey("password")).isTrue();
        assertThat(Secrets.isSecretKey("mqtt.Password")).isTrue();
        assertThat(Secrets.isSecretKey("client.secret.file")).isTrue();
        assertThat(Secrets.isSecretKey("username")).isFalse();
    }

    @Test
    void displayValueMasksSecrets() {
        assertThat(Secrets.displayValue("password", "hunter2")).isEqualTo("***");
        assertThat(Secrets.displayValue("account", "acme")).isEqualTo("acme");
    }

    @Test
    void maskSettingTextKeepsOtherTextButBreaksNoLines() {
        assertThat(Secrets.maskSettingText("pid:key=a\nb")).isEqualTo("pid:key=a\\nb");
        assertThat(Secrets.maskSettingText("pid:password")).isEqualTo("pid:password");
        assertThat(Secrets.maskSettingText("--home")).isEqualTo("--home");
    }

    @Test
    void maskValuesInForeignText() {
        List<Setting> settings = List.of(
                new Setting("pid", "password", "hunter2"),
                new Setting("pid", "secret", ""),
                new Setting("pid", "username", "alice"));

        assertThat(Secrets.maskValuesIn("login of alice with hunter2 failed", settings))
                .isEqualTo("login of alice with *** failed");
    }
}
