package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    @Test
    void parsesPidKeyAndValue() {
        Setting setting = Setting.parse("org.edgeway.core.identity:gateway_id=gw-0001");

        assertThat(setting.pid()).isEqualTo("org.edgeway.core.identity");
        assertThat(setting.key()).isEqualTo("gateway_id");
        assertThat(setting.value()).isEqualTo("gw-0001");
        assertThat(setting.isFactoryInstance()).isFalse();
    }

    @Test
    void valueKeepsEverythingAfterTheFirstEqualsSign() {
        Setting setting = Setting.parse("org.example.mqtt:broker.url=tcp://host:1883/?a=b&c==d");

        assertThat(setting.pid()).isEqualTo("org.example.mqtt");
        assertThat(setting.key()).isEqualTo("broker.url");
        assertThat(setting.value()).isEqualTo("tcp://host:1883/?a=b&c==d");
    }

    @Test
    void emptyValueIsAllowed() {
        Setting setting = Setting.parse("org.edgeway.core.identity:display_name=");

        assertThat(setting.key()).isEqualTo("display_name");
        assertThat(setting.value()).isEmpty();
    }

    @Test
    void pidAndKeyMayUseLettersDigitsUnderscoreDotAndDash() {
        Setting setting = Setting.parse("A-z_0.9:K-e_y.1=v");

        assertThat(setting.pid()).isEqualTo("A-z_0.9");
        assertThat(setting.key()).isEqualTo("K-e_y.1");
    }

    @Test
    void factoryFormNamesFactoryPidAndInstance() {
        Setting setting = Setting.parse("org.example.modbus~plc-1:unit.id=7");

        assertThat(setting.isFactoryInstance()).isTrue();
        assertThat(setting.pid()).isEqualTo("org.example.modbus~plc-1");
        assertThat(setting.factoryPid()).isEqualTo("org.example.modbus");
        assertThat(setting.instanceName()).isEqualTo("plc-1");
        assertThat(setting.key()).isEqualTo("unit.id");
        assertThat(setting.value()).isEqualTo("7");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "no-colon-here",
            "pidkey=value",
            "org.example:key",
            "org.example:key-without-equals",
            "key=value:after",
            "org.example:=value",
            ":key=value",
            ":=",
            "" })
    void rejectsTextNotShapedLikePidKeyValue(String text) {
        assertThatThrownBy(() -> Setting.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed setting '" + text + "': expected <pid>:<key>=<value>");
    }

    @ParameterizedTest
    @ValueSource(strings = { "my pid", "org/example", "org.example~", "~name", "a~b~c", "org.example~na me", "pid$" })
    void rejectsBadCharactersInPid(String pid) {
        assertThatThrownBy(() -> Setting.parse(pid + ":key=value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed configuration pid '" + pid + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ke y", "key~x", "a:b", "k/x", "k\u00e9", " key" })
    void rejectsBadCharactersInKey(String key) {
        assertThatThrownBy(() -> Setting.parse("org.example:" + key + "=value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed configuration key '" + key + "' for org.example");
    }

    @Test
    void constructorValidatesLikeParse() {
        assertThatThrownBy(() -> new Setting("org.example", "", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed configuration key '' for org.example");
        assertThatThrownBy(() -> new Setting("", "key", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed configuration pid ''");
    }

    @Test
    void describeQuotesOrdinaryValues() {
        assertThat(Setting.parse("org.example.mqtt:port=1883").describe()).isEqualTo("org.example.mqtt:port='1883'");
        assertThat(Setting.parse("org.example.mqtt:host=").describe()).isEqualTo("org.example.mqtt:host=''");
    }

    @ParameterizedTest
    @ValueSource(strings = { "password", "mqtt.Password", "client_secret", "SECRET", "api.token", "accessTokenFile" })
    void describeMasksValuesOfSecretKeys(String key) {
        Setting setting = Setting.parse("org.example.mqtt:" + key + "=hunter2");

        assertThat(setting.describe()).isEqualTo("org.example.mqtt:" + key + "=***").doesNotContain("hunter2");
        assertThat(Setting.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "user", "pass", "host", "tok", "secre" })
    void ordinaryKeysAreNotSecret(String key) {
        assertThat(Setting.isSecretKey(key)).isFalse();
    }
}
