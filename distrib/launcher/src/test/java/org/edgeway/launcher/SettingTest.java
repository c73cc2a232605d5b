package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    @Test
    void splitsAtFirstColonAndFirstEqualsAfterIt() throws Exception {
        Setting setting = Setting.parse("org.edgeway.cloud.connection~default:broker.url=ssl://host:8883/a=b");

        assertThat(setting.pid()).isEqualTo("org.edgeway.cloud.connection~default");
        assertThat(setting.key()).isEqualTo("broker.url");
        assertThat(setting.value()).isEqualTo("ssl://host:8883/a=b");
    }

    @Test
    void valueMayBeEmpty() throws Exception {
        assertThat(Setting.parse("pid:key=").value()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "pid.key=value", // no ':'
        "pid:key", // no '='
        ":key=value", // empty pid
        "pid:=value", // empty key
        "my pid:key=value", // space in pid
        "pid/x:key=value", // '/' in pid
        "pid:ke y=value", // space in key
        "pid:key~1=value", // '~' only allowed in the pid
        "pid:key=line1\nline2",
        "pid:key=line1\rline2"})
    void rejectsMalformedText(String text) {
        String shown = text.replace("\r", "\\r").replace("\n", "\\n");
        assertThatThrownBy(() -> Setting.parse(text))
                .isInstanceOfSatisfying(LaunchException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(2);
                    assertThat(e.lines())
                            .containsExactly("malformed --set '" + shown + "': expected <pid>:<key>=<value>");
                });
    }

    @Test
    void malformedSecretIsNotEchoed() {
        assertThatThrownBy(() -> Setting.parse("my pid:mqtt.password=hunter2"))
                .hasMessage("malformed --set 'my pid:mqtt.password=***': expected <pid>:<key>=<value>");
        assertThatThrownBy(() -> Setting.parse("pid:Client.Secret=top\nsecret"))
                .hasMessage("malformed --set 'pid:Client.Secret=***': expected <pid>:<key>=<value>");
        assertThatThrownBy(() -> Setting.parse("password=hunter2"))
                .hasMessage("malformed --set 'password=***': expected <pid>:<key>=<value>");
    }

    @Test
    void toStringMasksSecretsButArgumentDoesNot() {
        Setting password = new Setting("pid", "password", "hunter2");

        assertThat(password).hasToString("pid:password=***");
        assertThat(password.argument()).isEqualTo("pid:password=hunter2");
        assertThat(new Setting("pid", "username", "alice")).hasToString("pid:username=alice");
    }
}
