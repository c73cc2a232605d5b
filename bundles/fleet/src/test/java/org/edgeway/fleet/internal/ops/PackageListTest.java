package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The gateway's answer to DEPLOY-V2 GET packages, as the deploy bundle writes it, and hostile variants of it. */
class PackageListTest {

    static final String GATEWAY_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><packages>"
            + "<package><name>meters</name><version>1.2.0</version><signer>CN=integrator</signer><bundles>"
            + "<bundle><name>org.example.meters</name><version>1.2.0</version><id>41</id><state>ACTIVE</state></bundle>"
            + "<bundle><name>org.example.meters.nls</name><version>1.2.0</version><id>42</id><state>RESOLVED</state>"
            + "</bundle></bundles></package>"
            + "<package><name>broken</name><version>2.0.0</version><signer>CN=x</signer><bundles>"
            + "<bundle><name>org.example.broken</name><version>2.0.0</version><id>-1</id><state>INSTALLED</state>"
            + "</bundle></bundles></package></packages>";

    static PackageList parse(String xml) {
        return PackageList.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheGatewaysPackageList() {
        PackageList list = parse(GATEWAY_XML);
        assertThat(list.packages()).extracting(PackageList.Installed::name).containsExactly("meters", "broken");
        assertThat(list.find("meters", "1.2.0").orElseThrow().bundles()).extracting(PackageList.Bundle::id)
                .containsExactly(41L, 42L);
        assertThat(list.problemWith("meters", "1.2.0")).isEmpty();
        assertThat(list.problemWith("meters", "1.3.0")).contains("the gateway does not list meters 1.3.0 among its "
                + "packages (it runs version 1.2.0)");
        assertThat(list.problemWith("other", "1")).contains("the gateway does not list other 1 among its packages");
        assertThat(list.problemWith("broken", "2.0.0")).contains("installed, but org.example.broken is INSTALLED");
        assertThat(parse("<packages/>").packages()).isEmpty();
    }

    @Test
    void refusesDtdsEntitiesAndOtherDocuments() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE packages [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<packages><package><name>&x;</name><version>1</version></package></packages>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("root:");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE packages [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<packages><package><name>&c;</name><version>1</version></package></packages>";
        assertThatThrownBy(() -> parse(laughs)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("<bundles/>")).hasMessageContaining("starts with <bundles>");
        assertThatThrownBy(() -> parse("<packages><package>")).hasMessageContaining("not valid XML");
        assertThatThrownBy(() -> parse("<packages><package><name>x</name></package></packages>"))
                .hasMessageContaining("no name or version");
        assertThatThrownBy(() -> PackageList.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("<packages><package><name>" + "n".repeat(2000) + "</name></package>"
                + "</packages>")).hasMessageContaining("longer than");
        assertThatThrownBy(() -> parse("<packages><package><name><b>x</b></name></package></packages>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
