package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.edgeway.api.management.AttributeInfo;
import org.edgeway.api.management.AttributeOption;
import org.edgeway.api.management.AttributeType;
import org.edgeway.api.management.ComponentInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KuraXmlTest {

    private static final String KURA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0" xmlns:ocd="http://www.osgi.org/xmlns/metatype/v1.2.0">
              <esf:configuration pid="org.eclipse.kura.clock.ClockService">
                <esf:properties>
                  <esf:property array="false" encrypted="false" name="enabled" type="Boolean"><esf:value>true</esf:value></esf:property>
                  <esf:property array="true" encrypted="false" name="ntp.hosts" type="String">
                    <esf:value>0.pool.ntp.org</esf:value><esf:value>1.pool.ntp.org</esf:value></esf:property>
                  <esf:property array="false" encrypted="true" name="password" type="Password"><esf:value>kuraCipher==</esf:value></esf:property>
                </esf:properties>
              </esf:configuration>
            </esf:configurations>
            """;

    @TempDir
    Path directory;

    @Test
    void readsKurasDocument() {
        List<KuraXml.Configuration> parsed = KuraXml.parse(KURA);
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).pid()).isEqualTo("org.eclipse.kura.clock.ClockService");
        assertThat(parsed.get(0).values()).containsEntry("enabled", "true")
                .containsEntry("ntp.hosts", List.of("0.pool.ntp.org", "1.pool.ntp.org"))
                // encrypted by Kura: kept marked so that validation refuses it instead of storing it as a clear value
                .containsEntry("password", "{enc}kuraCipher==");
    }

    @Test
    void writesWhatItReadsWithTypesAndTheMetatype() {
        ComponentInfo definition = new ComponentInfo("org.example.meter", true, "Meter", "a meter", List.of(
                new AttributeInfo("unit.id", "Unit", "", AttributeType.INTEGER, 0, List.of("1"), "1", "247", List.of(), true, false),
                new AttributeInfo("mode", "Mode", "", AttributeType.STRING, 0, List.of(), null, null,
                        List.of(new AttributeOption("Sync", "SYNC")), false, false)));
        String xml = KuraXml.write(List.of(new Snapshot.Entry("org.example.meter~a", "org.example.meter",
                Map.of("unit.id", 3, "hosts", new String[] {"a", "b"}, "password", "{enc}xyz", "note", "<&>"))),
                Map.of("org.example.meter", definition));
        assertThat(xml).contains("xmlns:esf=\"http://eurotech.com/esf/2.0\"")
                .contains("xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\"")
                .contains("<ocd:AD id=\"unit.id\"").contains("min=\"1\"").contains("max=\"247\"")
                .contains("<ocd:Option label=\"Sync\" value=\"SYNC\"")
                .contains("name=\"unit.id\" array=\"false\" encrypted=\"false\" type=\"Integer\"")
                .contains("name=\"password\" array=\"false\" encrypted=\"true\" type=\"Password\"");
        Map<String, Object> values = KuraXml.parse(xml).get(0).values();
        assertThat(values).containsEntry("unit.id", "3").containsEntry("hosts", List.of("a", "b"))
                .containsEntry("password", "{enc}xyz").containsEntry("note", "<&>")
                .containsEntry("service.factoryPid", "org.example.meter");
    }

    @Test
    void refusesExternalEntitiesAndDtds() throws Exception {
        Path secret = Files.writeString(directory.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\"><esf:configuration pid=\"p\"><esf:properties>"
                + "<esf:property name=\"a\" array=\"false\" type=\"String\"><esf:value>&e;</esf:value></esf:property>"
                + "</esf:properties></esf:configuration></esf:configurations>";
        assertThatThrownBy(() -> KuraXml.parse(xxe)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">&b;</esf:configurations>";
        assertThatThrownBy(() -> KuraXml.parse(billionLaughs)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedForeignOversizedAndIncompleteDocuments() {
        assertThatThrownBy(() -> KuraXml.parse("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">"))
                .hasMessageStartingWith("malformed XML");
        assertThatThrownBy(() -> KuraXml.parse("<configurations/>")).hasMessageContaining("expected esf:configurations");
        assertThatThrownBy(() -> KuraXml.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> KuraXml.parse("<a>" + "x".repeat(KuraXml.MAX_CHARS) + "</a>")).hasMessageContaining("larger");
        assertThatThrownBy(() -> KuraXml.parse("<esf:configuration xmlns:esf=\"http://eurotech.com/esf/2.0\"/>"))
                .hasMessageContaining("without pid");
        assertThatThrownBy(() -> KuraXml.parse("<esf:configuration xmlns:esf=\"http://eurotech.com/esf/2.0\" pid=\"p\">"
                + "<esf:properties><esf:property name=\"a\" array=\"false\"><esf:value>1</esf:value><esf:value>2</esf:value>"
                + "</esf:property></esf:properties></esf:configuration>")).hasMessageContaining("p:a");
    }
}
