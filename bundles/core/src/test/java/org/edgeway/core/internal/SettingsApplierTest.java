package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.core.internal.OsgiFakes.attribute;
import static org.edgeway.core.internal.OsgiFakes.ocd;
import static org.osgi.service.metatype.AttributeDefinition.BOOLEAN;
import static org.osgi.service.metatype.AttributeDefinition.INTEGER;
import static org.osgi.service.metatype.AttributeDefinition.PASSWORD;
import static org.osgi.service.metatype.AttributeDefinition.STRING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.core.internal.OsgiFakes.FakeConfiguration;
import org.edgeway.core.internal.OsgiFakes.FakeConfigurationAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;

class SettingsApplierTest {

    private static final String MQTT = "org.example.mqtt";
    private static final String MODBUS = "org.example.modbus";
    private static final SecretBox SECRETS = SecretBox.of(new byte[32]);

    @TempDir
    Path home;

    private final Map<String, String> frameworkProperties = new HashMap<>();
    private final FakeConfigurationAdmin configAdmin = new FakeConfigurationAdmin();
    private BundleContext context;
    private MetaTypeService metaType;

    @BeforeEach
    void describeTwoBundles() {
        Bundle mqttBundle = OsgiFakes.bundle("org.example.mqtt.bundle", Bundle.ACTIVE);
        Bundle modbusBundle = OsgiFakes.bundle("org.example.modbus.bundle", Bundle.ACTIVE);
        Bundle plain = OsgiFakes.bundle("org.example.no.metatype", Bundle.ACTIVE);
        metaType = OsgiFakes.metaTypeService(Map.of(
                mqttBundle, OsgiFakes.metaTypeInfo(mqttBundle, List.of(ocd(MQTT,
                        attribute("host", STRING),
                        attribute("port", INTEGER),
                        attribute("tls", BOOLEAN),
                        attribute("passphrase", PASSWORD),
                        attribute("topics", STRING).cardinality(-5))), List.of()),
                modbusBundle, OsgiFakes.metaTypeInfo(modbusBundle, List.of(), List.of(ocd(MODBUS,
                        attribute("address", STRING),
                        attribute("unit.id", INTEGER))))));
        context = OsgiFakes.context(frameworkProperties, plain, mqttBundle, modbusBundle);
    }

    private String apply(String text) {
        SettingsApplier applier = new SettingsApplier(context, new MetatypeCatalog(context, metaType), configAdmin, null, SECRETS);
        return applier.apply(Setting.parse(text));
    }

    private FakeConfiguration existingMqtt() {
        return configAdmin.add(new FakeConfiguration(MQTT, null).with(Map.of("host", "broker.local", "port", 1883)));
    }

    @Test
    void unknownPidIsNamed() {
        assertThat(apply("org.example.nope:port=1"))
                .isEqualTo("unknown configuration pid 'org.example.nope' in org.example.nope:port='1'");
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void unknownFactoryPidIsNamedWithoutTheInstance() {
        assertThat(apply("org.example.nope~a:port=1"))
                .isEqualTo("unknown configuration pid 'org.example.nope' in org.example.nope~a:port='1'");
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void factoryPidNeedsAnInstanceName() {
        assertThat(apply("org.example.modbus:address=10.0.0.7"))
                .isEqualTo("'org.example.modbus' is a factory pid: name an instance as org.example.modbus~<name>"
                        + " in org.example.modbus:address='10.0.0.7'");
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void singletonPidTakesNoInstanceName() {
        assertThat(apply("org.example.mqtt~main:port=1883"))
                .isEqualTo("'org.example.mqtt' is not a factory pid in org.example.mqtt~main:port='1883'");
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void unknownKeyIsNamed() {
        FakeConfiguration configuration = existingMqtt();

        assertThat(apply("org.example.mqtt:prot=1883"))
                .isEqualTo("unknown key 'prot' for org.example.mqtt in org.example.mqtt:prot='1883'");
        assertThat(configuration.updates).isEmpty();
    }

    @Test
    void unknownKeyOfFactoryInstanceNamesTheFactoryPid() {
        assertThat(apply("org.example.modbus~plc1:unit=7"))
                .isEqualTo("unknown key 'unit' for org.example.modbus in org.example.modbus~plc1:unit='7'");
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void invalidValueLeavesConfigurationUntouched() {
        FakeConfiguration configuration = existingMqtt();

        assertThat(apply("org.example.mqtt:port=18830000000"))
                .isEqualTo("invalid value for org.example.mqtt:port: '18830000000' is not an integer (32 bit)");
        assertThat(configuration.updates).isEmpty();
        assertThat(configuration.stored()).isEqualTo(Map.of("host", "broker.local", "port", 1883));
        assertThat(configAdmin.calls).isEmpty();
    }

    @Test
    void invalidValueOfFactoryInstanceCreatesNoInstance() {
        assertThat(apply("org.example.modbus~plc1:unit.id=seven"))
                .isEqualTo("invalid value for org.example.modbus~plc1:unit.id: 'seven' is not an integer (32 bit)");
        assertThat(configAdmin.calls).isEmpty();
        assertThat(configAdmin.configurations).isEmpty();
    }

    @Test
    void validValueIsMergedTypedIntoTheConfiguration() {
        FakeConfiguration configuration = existingMqtt();

        assertThat(apply("org.example.mqtt:port= 8883")).isNull();

        assertThat(configAdmin.calls).containsExactly("getConfiguration(org.example.mqtt, ?)");
        assertThat(configuration.updates).hasSize(1);
        assertThat(configuration.stored()).isEqualTo(Map.of("host", "broker.local", "port", 8883));
        assertThat(configuration.stored().get("port")).isInstanceOf(Integer.class);
    }

    @Test
    void newKeyIsAddedBesideExistingOnes() {
        FakeConfiguration configuration = existingMqtt();

        assertThat(apply("org.example.mqtt:tls=TRUE")).isNull();
        assertThat(apply("org.example.mqtt:topics=a/b, c/d")).isNull();

        assertThat(configuration.updates).hasSize(2);
        assertThat(configuration.stored()).isEqualTo(Map.of("host", "broker.local", "port", 1883,
                "tls", Boolean.TRUE, "topics", List.of("a/b", "c/d")));
    }

    @Test
    void configurationWithoutPropertiesYetIsCreated() {
        assertThat(apply("org.example.mqtt:host=broker.example.org")).isNull();

        FakeConfiguration created = configAdmin.configurations.get(MQTT);
        assertThat(created.getFactoryPid()).isNull();
        assertThat(created.stored()).isEqualTo(Map.of("host", "broker.example.org"));
    }

    @Test
    void factoryInstanceIsAddressedByFactoryPidAndName() {
        assertThat(apply("org.example.modbus~plc1:unit.id=7")).isNull();

        assertThat(configAdmin.calls).containsExactly("getFactoryConfiguration(org.example.modbus, plc1, ?)");
        FakeConfiguration instance = configAdmin.configurations.get("org.example.modbus~plc1");
        assertThat(instance.getFactoryPid()).isEqualTo(MODBUS);
        assertThat(instance.stored()).isEqualTo(Map.of("unit.id", 7));
    }

    @Test
    void existingFactoryInstanceKeepsItsOtherValues() {
        FakeConfiguration instance = configAdmin.add(new FakeConfiguration("org.example.modbus~plc1", MODBUS)
                .with(Map.of("address", "10.0.0.7", "unit.id", 1)));

        assertThat(apply("org.example.modbus~plc1:unit.id=2")).isNull();

        assertThat(instance.stored()).isEqualTo(Map.of("address", "10.0.0.7", "unit.id", 2));
    }

    @Test
    void configurationAlreadyLoadedFromEtcIsUpdatedInPlace(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.example.mqtt.cfg"), "host=broker.local\n");
        frameworkProperties.put("edgeway.home", home.toString());
        String file = home.resolve("etc/org.example.mqtt.cfg").toUri().toString();
        FakeConfiguration configuration = configAdmin.add(new FakeConfiguration(MQTT, null)
                .with(Map.of("host", "broker.local", "felix.fileinstall.filename", file)));

        assertThat(apply("org.example.mqtt:port=8883")).isNull();

        assertThat(configuration.stored()).isEqualTo(Map.of("host", "broker.local", "port", 8883,
                "felix.fileinstall.filename", file));
    }

    @Test
    void homeWithoutEtcFileDoesNotWait(@TempDir Path home) {
        frameworkProperties.put("edgeway.home", home.toString());

        assertThat(apply("org.example.mqtt:port=8883")).isNull();

        assertThat(configAdmin.configurations.get(MQTT).stored()).isEqualTo(Map.of("port", 8883));
    }

    @Test
    void storageFailureIsReported() {
        FakeConfiguration configuration = existingMqtt();
        configuration.failure = new IOException("disk full");

        assertThat(apply("org.example.mqtt:port=8883"))
                .isEqualTo("cannot store org.example.mqtt:port='8883': disk full");
        assertThat(configuration.stored()).isEqualTo(Map.of("host", "broker.local", "port", 1883));
    }

    @Test
    void passwordIsStoredEncryptedWithTheDeviceKey() {
        FakeConfiguration configuration = existingMqtt();

        assertThat(apply("org.example.mqtt:passphrase=hunter2")).isNull();

        Object stored = configuration.stored().get("passphrase");
        assertThat(stored).asString().startsWith(SecretBox.PREFIX).doesNotContain("hunter2");
        assertThat(SECRETS.decrypt((String) stored)).isEqualTo("hunter2");
    }

    @Test
    void passwordTypedValueNeverAppearsInMessages() {
        FakeConfiguration configuration = existingMqtt();
        configuration.failure = new IOException("disk full");

        assertThat(apply("org.example.mqtt:passphrase=hunter2")).doesNotContain("hunter2");
    }

    @Test
    void launchSettingsComponentAnswersMalformedTextWithTheParseError() throws IOException {
        frameworkProperties.put("edgeway.home", home.toString()); // where the device key is made
        LaunchSettingsComponent component = new LaunchSettingsComponent(context, configAdmin, metaType, OsgiFakes.noComponents());

        assertThat(component.apply("org.example.mqtt.port=1"))
                .isEqualTo("malformed setting 'org.example.mqtt.port=1': expected <pid>:<key>=<value>");
        assertThat(component.apply("org.example.mqtt:port=x"))
                .isEqualTo("invalid value for org.example.mqtt:port: 'x' is not an integer (32 bit)");
        assertThat(component.apply("org.example.mqtt:port=1")).isNull();
        assertThat(configAdmin.configurations.get(MQTT).stored()).isEqualTo(Map.of("port", 1));
    }
}
