package org.edgeway.modbus.internal.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport for tests of what sits above it: answers each read through a script, records every request, and
 * turns the script's verdicts into the real exception types (whose constructors are package private).
 */
public final class ScriptedTransport implements ModbusTransport {

    /** One request as sent. */
    public record Sent(int unitId, String function, int address, int count) {
    }

    /** What the device does with a request. */
    public sealed interface Answer {
    }

    public record Registers(int[] words) implements Answer {
    }

    public record Exception(int code) implements Answer {
    }

    public record Timeout() implements Answer {
    }

    public record Disconnect() implements Answer {
    }

    public record Garbled() implements Answer {
    }

    @FunctionalInterface
    public interface Script {
        Answer answer(Sent request);
    }

    private final Script script;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private volatile int closes;

    public ScriptedTransport(Script script) {
        this.script = script;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int closes() {
        return closes;
    }

    @Override
    public String endpoint() {
        return "scripted";
    }

    @Override
    public Duration timeout() {
        return Duration.ofMillis(10);
    }

    @Override
    public void connect() {
        connected = true;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private int[] transact(int unitId, String function, int address, int count) throws ModbusTransportException {
        connect();
        Sent request = new Sent(unitId, function, address, count);
        sent.add(request);
        Answer answer = script.answer(request);
        if (answer instanceof Registers registers) {
            return registers.words().clone();
        }
        if (answer instanceof Exception exception) {
            throw new ModbusDeviceException(function + " " + address, exception.code());
        }
        if (answer instanceof Timeout) {
            throw new ModbusTimeoutException("no reply within 10 ms");
        }
        if (answer instanceof Disconnect) {
            connected = false;
            throw new ModbusIoException("connection reset", null);
        }
        throw new ModbusProtocolException("reply of 3 registers to a request for " + count);
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int count) throws ModbusTransportException {
        return transact(unitId, "FC03", address, count);
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int count) throws ModbusTransportException {
        return transact(unitId, "FC04", address, count);
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int count) throws ModbusTransportException {
        int[] words = transact(unitId, "FC01", address, count);
        boolean[] bits = new boolean[words.length];
        for (int i = 0; i < words.length; i++) {
            bits[i] = words[i] != 0;
        }
        return bits;
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int count) throws ModbusTransportException {
        int[] words = transact(unitId, "FC02", address, count);
        boolean[] bits = new boolean[words.length];
        for (int i = 0; i < words.length; i++) {
            bits[i] = words[i] != 0;
        }
        return bits;
    }

    @Override
    public void close() {
        connected = false;
        closes++;
    }
}
