package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.edgeway.core.internal.DeviceIds.Nic;
import org.junit.jupiter.api.Test;

class DeviceIdsTest {

    private static final byte[] MAC_A = { 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e };
    private static final byte[] MAC_B = { (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x01, 0x02 };
    private static final byte[] MAC_C = { 0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x02 };

    private static Nic physical(String name, byte[] mac) {
        return new Nic(name, mac, false, false);
    }

    @Test
    void formatsAsUpperCaseColonSeparatedHex() {
        assertThat(DeviceIds.primaryMac(List.of(physical("eth0", MAC_B)))).contains("DE:AD:BE:EF:01:02");
        assertThat(DeviceIds.primaryMac(List.of(physical("eth0", MAC_A)))).contains("00:1A:2B:3C:4D:5E");
    }

    @Test
    void picksTheLowestNamedPhysicalInterface() {
        List<Nic> nics = List.of(physical("wlan0", MAC_C), physical("eth1", MAC_B), physical("eth0", MAC_A));

        assertThat(DeviceIds.primaryMac(nics)).contains("00:1A:2B:3C:4D:5E");
    }

    @Test
    void namesCompareAsText() {
        List<Nic> nics = List.of(physical("eth2", MAC_A), physical("eth10", MAC_B));

        assertThat(DeviceIds.primaryMac(nics)).contains("DE:AD:BE:EF:01:02");
    }

    @Test
    void skipsLoopbackVirtualAllZeroAndAbsentMacs() {
        List<Nic> nics = List.of(
                new Nic("a-loopback", MAC_C, true, false),
                new Nic("b-virtual", MAC_C, false, true),
                physical("c-zero", new byte[6]),
                physical("d-none", null),
                physical("e-short", new byte[] { 1, 2, 3 }),
                physical("f-eui64", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
                physical("z-real", MAC_B));

        assertThat(DeviceIds.primaryMac(nics)).contains("DE:AD:BE:EF:01:02");
    }

    @Test
    void noUsableInterfaceIsEmpty() {
        assertThat(DeviceIds.primaryMac(List.of())).isEmpty();
        assertThat(DeviceIds.primaryMac(List.of(
                new Nic("lo", new byte[6], true, false),
                new Nic("docker0", MAC_C, false, true),
                physical("eth0", null)))).isEmpty();
    }

    @Test
    void defaultGatewayIdIsNeverBlank() {
        assertThat(DeviceIds.defaultGatewayId()).isNotBlank();
    }
}
