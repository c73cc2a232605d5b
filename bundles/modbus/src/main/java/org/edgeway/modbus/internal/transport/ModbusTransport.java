package org.edgeway.modbus.internal.transport;

import java.time.Duration;

/**
 * One Modbus master connection: a TCP connection, a serial line (RTU) or RTU framing on a TCP socket. Created by
 * {@link ModbusTransports#create(TransportConfig)}, not yet connected.
 *
 * <p>Thread-safe. Transactions are serialised: one request in flight per transport, callers queue fairly (FIFO) on
 * an internal lock, so a serial bus never sees two requests at once and a TCP device never sees pipelined ones.
 *
 * <p>Every reply is validated before a value leaves this interface: unit id, function code, register or bit count
 * and, on Modbus TCP, transaction id and protocol id. A mismatch is a {@link ModbusProtocolException}, never a value.
 * Nothing is retried here: the caller (the bus scheduler) decides about retries and backoff.
 *
 * <p>A read on a disconnected transport connects first, so after an I/O error the next read reconnects; {@link
 * #connect()} does the same eagerly. {@link #close()} releases the socket or serial port; the transport may be
 * connected again afterwards.
 */
public interface ModbusTransport extends AutoCloseable {

    /** The most registers one FC03/FC04 read may ask for (Modbus application protocol, PDU of 253 bytes). */
    int MAX_READ_REGISTERS = 125;

    /** The most coils or discrete inputs one FC01/FC02 read may ask for. */
    int MAX_READ_BITS = 2000;

    /** The endpoint for logs, e.g. {@code tcp://10.0.0.5:502}, {@code rtu:/dev/ttyUSB0 9600 8E1}. */
    String endpoint();

    /** How long one transaction (request written, complete reply read) may take. */
    Duration timeout();

    /** Opens the connection or serial port now if it is not open. */
    void connect() throws ModbusTransportException;

    /** Whether the socket or port is open; a dead peer is only noticed at the next transaction. */
    boolean isConnected();

    /** FC03: {@code count} holding registers from {@code address} (0-based), each 0..65535. */
    int[] readHoldingRegisters(int unitId, int address, int count) throws ModbusTransportException;

    /** FC04: {@code count} input registers from {@code address} (0-based), each 0..65535. */
    int[] readInputRegisters(int unitId, int address, int count) throws ModbusTransportException;

    /** FC01: {@code count} coils from {@code address} (0-based). */
    boolean[] readCoils(int unitId, int address, int count) throws ModbusTransportException;

    /** FC02: {@code count} discrete inputs from {@code address} (0-based). */
    boolean[] readDiscreteInputs(int unitId, int address, int count) throws ModbusTransportException;

    /** Closes the socket or port (idempotent, never throws); a transaction in progress fails with an I/O error. */
    @Override
    void close();
}
