package org.edgeway.bench;

import java.net.InetAddress;

import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * The simulated meters of bench/modbus.sh, in their own JVM so that serving costs nothing in the measured one: a
 * Modbus TCP server (j2mod slave) with N units, each an SDM630-like input register image (0x0000-0x017F, FLOAT32
 * values that differ per unit). Prints READY, serves until stdin closes.
 */
public final class ModbusBenchServer {

    private ModbusBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int units = Integer.parseInt(args[1]);
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 16, false);
        for (int unit = 1; unit <= units; unit++) {
            SimpleProcessImage image = new SimpleProcessImage(unit);
            for (int address = 0; address < 0x180; address += 2) {
                int bits = Float.floatToIntBits(unit * 1000f + address);
                image.addInputRegister(address, new SimpleInputRegister(bits >>> 16));
                image.addInputRegister(address + 1, new SimpleInputRegister(bits & 0xFFFF));
            }
            slave.addProcessImage(unit, image);
        }
        slave.open();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the bench closes our stdin (or dies)
        }
        ModbusSlaveFactory.close();
        System.exit(0);
    }
}
