package org.edgeway.web.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void takesAddressLiteralsAsTheyAre() {
        assertThat(BindAddress.resolve(" 192.168.7.1 ")).isEqualTo("192.168.7.1");
        assertThat(BindAddress.resolve("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(BindAddress.resolve("::1")).isEqualTo("::1");
    }

    @Test
    void resolvesAnInterfaceNameToItsIpv4Address() {
        assertThat(BindAddress.resolve("lo")).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesWhatIsNeitherNamingTheInterfacesThatExist() {
        assertThatThrownBy(() -> BindAddress.resolve("wlan9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bind: 'wlan9' is neither an IP address nor a network interface")
                .hasMessageContaining("lo");
        assertThatThrownBy(() -> BindAddress.resolve("300.1.1.1")).hasMessageContaining("'300.1.1.1'");
        assertThatThrownBy(() -> BindAddress.resolve("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCertificateNamesTheLoopbackAndTheBoundAddressOrEveryAddressWhenBoundToAll() {
        assertThat(BindAddress.certificateAddresses("10.1.2.3")).containsExactly("127.0.0.1", "10.1.2.3");
        assertThat(BindAddress.certificateAddresses("127.0.0.1")).containsExactly("127.0.0.1");
        assertThat(BindAddress.certificateAddresses("0.0.0.0")).startsWith("127.0.0.1").doesNotHaveDuplicates();
    }
}
