package org.edgeway.demo.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * The demo's depot meters: a Modbus TCP server (j2mod's slave) serving {@link SimulatedMeterRegisters}, an SDM630 and
 * a SunSpec meter, updated every interval. The demo's Modbus bus and meters poll it like real devices.
 */
@Component(configurationPid = ModbusMeterSimulator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = MeterSimulatorConfig.class)
public class ModbusMeterSimulator {

    static final String PID = "org.edgeway.demo.meters";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusMeterSimulator.class);
    /** Input registers the SDM630 image answers for (its map ends at 0x0180), gaps included, like the device. */
    private static final int SDM630_REGISTERS = 0x0180;

    private final SimulatedMeterRegisters meters;
    private final ModbusSlave slave;
    private final Map<Integer, SimpleInputRegister> sdm630 = new HashMap<>();
    private final Map<Integer, SimpleRegister> sunspec = new HashMap<>();
    private final ScheduledExecutorService timer;

    @Activate
    public ModbusMeterSimulator(MeterSimulatorConfig config) throws Exception {
        this.meters = new SimulatedMeterRegisters(config.port(), System.currentTimeMillis());
        SimpleProcessImage sdm630Image = new SimpleProcessImage(config.sdm630_unit_id());
        for (int address = 0; address < SDM630_REGISTERS; address++) {
            SimpleInputRegister register = new SimpleInputRegister(0);
            sdm630Image.addInputRegister(address, register);
            sdm630.put(address, register);
        }
        SimpleProcessImage sunspecImage = new SimpleProcessImage(config.sunspec_unit_id());
        for (int address : meters.sunspec().keySet()) {
            SimpleRegister register = new SimpleRegister(0);
            sunspecImage.addRegister(address, register);
            sunspec.put(address, register);
        }
        update();
        try {
            this.slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getByName(config.host()), config.port(), 4,
                    false);
            slave.addProcessImage(config.sdm630_unit_id(), sdm630Image);
            slave.addProcessImage(config.sunspec_unit_id(), sunspecImage);
            slave.open();
        } catch (ModbusException e) {
            throw new IllegalStateException("demo meter simulator cannot listen on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-demo-meters");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::update, config.update_interval_ms(), config.update_interval_ms(),
                TimeUnit.MILLISECONDS);
        LOG.info("Demo Modbus meters on {}:{}: SDM630 unit {}, SunSpec unit {}", config.host(), config.port(),
                config.sdm630_unit_id(), config.sunspec_unit_id());
    }

    private void update() {
        try {
            meters.advance(System.currentTimeMillis());
            meters.sdm630().forEach((address, value) -> sdm630.get(address).setValue(value));
            meters.sunspec().forEach((address, value) -> sunspec.get(address).setValue(value));
        } catch (RuntimeException e) {
            LOG.warn("demo meter simulator update failed: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        ModbusSlaveFactory.close(slave);
    }
}
