package org.edgeway.modbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.edgeway.api.meter.MeterReading;
import org.edgeway.api.meter.MeterService;
import org.edgeway.modbus.internal.bus.BusStats;
import org.edgeway.modbus.internal.bus.ModbusBus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo command {@code edgeway:modbus}: every bus with its statistics and every meter with its last reading, for an
 * integrator commissioning meters on site ({@code edgeway:modbus METER} shows all values of one meter).
 */
@Component(service = ModbusShellCommands.class, property = {
        "osgi.command.scope=edgeway", "osgi.command.function=modbus" })
public class ModbusShellCommands {

    private final List<ModbusBus> buses = new CopyOnWriteArrayList<>();
    private final MeterService meterService;

    @Activate
    public ModbusShellCommands(@Reference MeterService meterService) {
        this.meterService = meterService;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBus(ModbusBus bus) {
        buses.add(bus);
    }

    void removeBus(ModbusBus bus) {
        buses.remove(bus);
    }

    public String modbus() {
        List<MeterReading> meters = meterService.latestReadings();
        if (buses.isEmpty() && meters.isEmpty()) {
            return "no Modbus bus or meter configured (factory pids org.edgeway.modbus.bus, org.edgeway.modbus.meter;"
                    + " see docs/modbus.md)";
        }
        StringBuilder out = new StringBuilder();
        buses.stream().sorted(Comparator.comparing(ModbusBus::name)).forEach(bus -> {
            BusStats stats = bus.stats();
            out.append(String.format("bus %s  %s  %s; %d requests, %d errors (%d timeouts, %d busy), mean %.1f ms%n",
                    bus.name(), bus.endpoint(), stats.connected() ? "connected" : "not connected", stats.requests(),
                    stats.errors(), stats.timeouts(), stats.busy(), stats.meanResponseMillis()));
        });
        meters.forEach(meter -> {
            out.append(String.format("meter %s  bus %s unit %d  ", meter.meter(), meter.bus(), meter.unitId()));
            if (meter.time() == null) {
                out.append("not read yet\n");
                return;
            }
            out.append(String.format("read %d s ago: %d values, %d without value%n",
                    Duration.between(meter.time(), Instant.now()).toSeconds(), meter.values().size(),
                    meter.problems().size()));
        });
        return out.toString().strip();
    }

    public String modbus(String meterName) {
        List<MeterReading> meters = meterService.latestReadings();
        for (MeterReading meter : meters) {
            if (meter.meter().equals(meterName)) {
                if (meter.time() == null) {
                    return "meter " + meterName + " not read yet";
                }
                StringBuilder out = new StringBuilder("meter " + meterName + " at " + meter.time() + "\n");
                meter.values().forEach((name, value) -> out.append("  ").append(name).append(" = ").append(value)
                        .append('\n'));
                meter.problems().forEach((name, reason) -> out.append("  ").append(name).append(": ").append(reason)
                        .append('\n'));
                return out.toString().strip();
            }
        }
        return "no meter " + meterName + "; meters: " + meters.stream().map(MeterReading::meter).toList();
    }
}
