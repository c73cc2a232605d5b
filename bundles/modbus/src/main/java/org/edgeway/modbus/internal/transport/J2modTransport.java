package org.edgeway.modbus.internal.transport;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;

/**
 * What every transport shares: argument checks, one transaction at a time, and reply validation. Subclasses frame
 * and exchange one request on their medium using j2mod's message classes and transports.
 *
 * <p><b>j2mod 3.3.0's shared transaction id.</b> j2mod numbers Modbus TCP requests from one {@code static} counter in
 * {@code ModbusTransaction}, shared by every master in the JVM, read and incremented without a common lock, and its
 * {@code ModbusTCPTransaction} "handles" a transaction id mismatch by silently retrying. Two masters used from two
 * threads can then send equal ids or take each other's numbering, and a mismatch never reaches the caller. So this
 * package never uses j2mod's transaction or facade classes (the only users of that counter): it drives j2mod's
 * framing transports ({@code ModbusTCPTransport}, {@code ModbusRTUTransport}) directly, numbers requests from a
 * counter per transport, runs one transaction per transport at a time under a fair lock, and rejects every reply
 * whose transaction id differs from the request's. For the same reason nothing here is retried by j2mod (its
 * {@code setRetries(0)} would mean the default of 5): retries belong to the scheduler.
 */
abstract class J2modTransport implements ModbusTransport {

    /** Modbus function codes of the reads this transport offers. */
    static final int READ_COILS = Modbus.READ_COILS;
    static final int READ_DISCRETE_INPUTS = Modbus.READ_INPUT_DISCRETES;
    static final int READ_HOLDING_REGISTERS = Modbus.READ_MULTIPLE_REGISTERS;
    static final int READ_INPUT_REGISTERS = Modbus.READ_INPUT_REGISTERS;

    private final String endpoint;
    private final Duration timeout;
    private final ReentrantLock transactions = new ReentrantLock(true);

    J2modTransport(String endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public final String endpoint() {
        return endpoint;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + endpoint + "]";
    }

    @Override
    public final void connect() throws ModbusTransportException {
        transactions.lock();
        try {
            ensureConnected();
        } finally {
            transactions.unlock();
        }
    }

    @Override
    public final int[] readHoldingRegisters(int unitId, int address, int count) throws ModbusTransportException {
        Read read = read(READ_HOLDING_REGISTERS, unitId, address, count, MAX_READ_REGISTERS);
        ReadMultipleRegistersResponse r = (ReadMultipleRegistersResponse) transact(read,
                new ReadMultipleRegistersRequest(address, count));
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = r.getRegisterValue(i);
        }
        return values;
    }

    @Override
    public final int[] readInputRegisters(int unitId, int address, int count) throws ModbusTransportException {
        Read read = read(READ_INPUT_REGISTERS, unitId, address, count, MAX_READ_REGISTERS);
        ReadInputRegistersResponse r = (ReadInputRegistersResponse) transact(read,
                new ReadInputRegistersRequest(address, count));
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = r.getRegisterValue(i);
        }
        return values;
    }

    @Override
    public final boolean[] readCoils(int unitId, int address, int count) throws ModbusTransportException {
        Read read = read(READ_COILS, unitId, address, count, MAX_READ_BITS);
        ReadCoilsResponse r = (ReadCoilsResponse) transact(read, new ReadCoilsRequest(address, count));
        return unpack(r.getCoils().getBytes(), count);
    }

    @Override
    public final boolean[] readDiscreteInputs(int unitId, int address, int count) throws ModbusTransportException {
        Read read = read(READ_DISCRETE_INPUTS, unitId, address, count, MAX_READ_BITS);
        ReadInputDiscretesResponse r = (ReadInputDiscretesResponse) transact(read,
                new ReadInputDiscretesRequest(address, count));
        return unpack(r.getDiscretes().getBytes(), count);
    }

    /** One read as far as checks and messages are concerned. */
    record Read(String endpoint, int functionCode, int unitId, int address, int count) {

        /** Data bytes a correct reply carries: 2 per register, 1 per 8 bits. */
        int expectedDataBytes() {
            return functionCode == READ_COILS || functionCode == READ_DISCRETE_INPUTS ? (count + 7) / 8 : count * 2;
        }

        /** For messages: {@code tcp://h:502 unit 1 FC03 address 0 count 4}. */
        String describe() {
            return String.format("%s unit %d FC%02d address %d count %d", endpoint, unitId, functionCode, address,
                    count);
        }
    }

    private Read read(int functionCode, int unitId, int address, int count, int maxCount) {
        checkUnitId(unitId);
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address must be 0..65535, was " + address);
        }
        if (count < 1 || count > maxCount) {
            throw new IllegalArgumentException("count must be 1.." + maxCount + ", was " + count);
        }
        if (address + count > 0x10000) {
            throw new IllegalArgumentException("address " + address + " + count " + count + " passes 65535");
        }
        return new Read(endpoint, functionCode, unitId, address, count);
    }

    /** Refuses unit ids the medium cannot address (IllegalArgumentException). */
    abstract void checkUnitId(int unitId);

    /** Opens the connection or port if it is not open. Called with the transaction lock held. */
    abstract void ensureConnected() throws ModbusTransportException;

    /**
     * Sends {@code request} (already carrying address and count) for {@code read} and returns the reply, which must
     * have passed {@link #checkReply}. Called with the transaction lock held and the transport connected.
     */
    abstract ModbusResponse exchange(Read read, ModbusRequest request) throws ModbusTransportException;

    private ModbusResponse transact(Read read, ModbusRequest request) throws ModbusTransportException {
        request.setUnitID(read.unitId());
        transactions.lock();
        try {
            ensureConnected();
            return exchange(read, request);
        } finally {
            transactions.unlock();
        }
    }

    /**
     * Checks that {@code reply} answers {@code read}: same unit id, the same function code or its exception form,
     * and as many data bytes as the requested registers or bits need. An exception form becomes a {@link
     * ModbusDeviceException}, anything else wrong a {@link ModbusProtocolException}.
     */
    static void checkReply(Read read, ModbusResponse reply) throws ModbusTransportException {
        if (reply.getUnitID() != read.unitId()) {
            throw new ModbusProtocolException(read.describe() + ": reply from unit " + reply.getUnitID());
        }
        int functionCode = reply.getFunctionCode();
        if (functionCode == (read.functionCode() | Modbus.EXCEPTION_OFFSET) && reply instanceof ExceptionResponse e) {
            throw new ModbusDeviceException(read.describe(), e.getExceptionCode());
        }
        if (functionCode != read.functionCode()) {
            throw new ModbusProtocolException(
                    read.describe() + ": reply has function code " + String.format("0x%02X", functionCode));
        }
        int bytes = dataBytes(reply);
        if (bytes != read.expectedDataBytes()) {
            throw new ModbusProtocolException(read.describe() + ": reply carries " + bytes + " data bytes, expected "
                    + read.expectedDataBytes());
        }
    }

    private static int dataBytes(ModbusResponse reply) {
        if (reply instanceof ReadMultipleRegistersResponse r) {
            return r.getByteCount();
        } else if (reply instanceof ReadInputRegistersResponse r) {
            return r.getByteCount();
        } else if (reply instanceof ReadCoilsResponse r) {
            return r.getCoils().byteSize();
        } else if (reply instanceof ReadInputDiscretesResponse r) {
            return r.getDiscretes().byteSize();
        }
        return -1;
    }

    private static boolean[] unpack(byte[] packed, int count) {
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = (packed[i >> 3] >> (i & 7) & 1) != 0;
        }
        return bits;
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
