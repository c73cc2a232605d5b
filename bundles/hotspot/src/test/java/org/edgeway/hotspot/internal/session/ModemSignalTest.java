package org.edgeway.hotspot.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModemSignalTest {

    @Test
    void parsesMmclisKeyValueOutput() {
        String output = """
                modem.dbus-path                                 : /org/freedesktop/ModemManager1/Modem/0
                modem.generic.state                             : connected
                modem.generic.signal-quality.value              : 67
                modem.generic.signal-quality.recent             : yes
                modem.generic.access-technologies.length        : 1
                modem.generic.access-technologies.value[1]      : lte
                """;
        assertThat(ModemSignal.parse(output)).contains(new ModemSignal.Reading(67, "lte", "connected"));
    }

    @Test
    void noOrGarbledQualityIsNoReading() {
        assertThat(ModemSignal.parse("modem.generic.state : disabled\n")).isEmpty();
        assertThat(ModemSignal.parse("modem.generic.signal-quality.value : lots\n")).isEmpty();
        assertThat(ModemSignal.parse("modem.generic.signal-quality.value : 140\n")).isEmpty();
    }

    @Test
    void withoutMmcliThereIsNoReading() {
        assertThat(new ModemSignal(null).read()).isEmpty();
    }
}
