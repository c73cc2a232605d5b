package org.edgeway.modbus.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.bits;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.exception;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.registers;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.valuesFor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.modbus.internal.transport.FakeModbusDevice.Behaviour;
import org.edgeway.modbus.internal.transport.FakeModbusDevice.Framing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modbus TCP against a scripted device: every way a reply can be wrong is an error, never a value. */
@Timeout(30)
class TcpTransportTest {

    /** Answers correctly: {@link FakeModbusDevice#valuesFor}. */
    static final Behaviour CORRECT = (r, link) -> link.mbap(r.transactionId(), 0, r.unitId(),
            r.functionCode() <= 2 ? bits(r.functionCode(), new boolean[r.count()])
                    : registers(r.functionCode(), valuesFor(r)));

    private static ModbusTransport transport(FakeModbusDevice device, Duration timeout) {
        return ModbusTransports.create(TransportConfig.tcp("127.0.0.1", device.port(), timeout));
    }

    private static ModbusTransport transport(FakeModbusDevice device) {
        return transport(device, Duration.ofSeconds(2));
    }

    @Test
    void correctRepliesAreValues() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            if (r.functionCode() == 1) {
                link.mbap(r.transactionId(), 0, r.unitId(), bits(1, true, false, false, true, false, false, false,
                        false, true, true));
            } else {
                CORRECT.answer(r, link);
            }
        }); ModbusTransport t = transport(device)) {
            assertThat(t.readHoldingRegisters(3, 10, 3)).containsExactly(3010, 3011, 3012);
            assertThat(t.readInputRegisters(0, 0, 1)).containsExactly(0);
            assertThat(t.readHoldingRegisters(255, 65535, 1)).containsExactly(255 * 1000 + 65535 & 0xFFFF);
            assertThat(t.readCoils(1, 0, 10)).containsExactly(true, false, false, true, false, false, false, false,
                    true, true);
            assertThat(t.readHoldingRegisters(1, 0, 125)).hasSize(125);
            assertThat(device.connections()).isEqualTo(1);
        }
    }

    @Test
    void wrongTransactionIdIsAProtocolErrorAndTheNextReadReconnects() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            int tid = calls.incrementAndGet() == 1 ? r.transactionId() + 1 : r.transactionId();
            link.mbap(tid, 0, r.unitId(), registers(3, valuesFor(r)));
        }); ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("transaction id 2, request had 1");
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(1, 0, 2)).containsExactly(1000, 1001);
            assertThat(device.connections()).isEqualTo(2);
        }
    }

    @Test
    void wrongUnitIdIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 0, 0, registers(3, valuesFor(r))));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(5, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("reply from unit 0");
        }
    }

    @Test
    void wrongFunctionCodeIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 0, r.unitId(), registers(4, valuesFor(r))));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("function code 0x04");
        }
    }

    @Test
    void exceptionForAnotherFunctionIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 0, r.unitId(), exception(4, 2)));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("function code 0x84");
        }
    }

    @Test
    void fewerOrMoreRegistersThanRequestedIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> link.mbap(r.transactionId(),
                0, r.unitId(), registers(r.functionCode(), new int[r.address() == 0 ? r.count() - 1 : r.count() + 1])));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 3)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("carries 4 data bytes, expected 6");
            assertThatThrownBy(() -> t.readInputRegisters(1, 9, 3)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("carries 8 data bytes, expected 6");
        }
    }

    @Test
    void wrongBitByteCountIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 0, r.unitId(), bits(r.functionCode(), new boolean[16])));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readDiscreteInputs(1, 0, 8)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("carries 2 data bytes, expected 1");
        }
    }

    @Test
    void byteCountBeyondTheFrameIsAProtocolError() throws Exception {
        // MBAP length covers 2 registers, the PDU's byte count claims 4
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            byte[] pdu = registers(3, 1, 2);
            pdu[1] = 8;
            link.mbap(r.transactionId(), 0, r.unitId(), pdu);
        }); ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 4)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("malformed reply");
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void wrongProtocolIdIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 1, r.unitId(), registers(3, valuesFor(r))));
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("protocol id 1");
        }
    }

    @Test
    void exceptionResponsesCarryTheirCode() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP,
                (r, link) -> link.mbap(r.transactionId(), 0, r.unitId(), exception(r.functionCode(), r.address())));
             ModbusTransport t = transport(device)) {
            for (int code : new int[] {1, 2, 3, 4, 6, 0x0B}) {
                ModbusDeviceException e = catchThrowableOfType(() -> t.readHoldingRegisters(1, code, 1),
                        ModbusDeviceException.class);
                assertThat(e.exceptionCode()).isEqualTo(code);
                assertThat(e.isBusy()).isEqualTo(code == 6);
                assertThat(e).hasMessageContaining(ModbusDeviceException.describe(code));
            }
            assertThat(device.connections()).isEqualTo(1);
        }
    }

    @Test
    void lateReplyToATimedOutRequestIsSkippedNotTakenAsTheNextValue() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<FakeModbusDevice.Request> silent = new ArrayList<>();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            if (calls.incrementAndGet() == 1) {
                silent.add(r); // no answer now
                return;
            }
            // the late answer to the first request, then the answer to this one
            FakeModbusDevice.Request late = silent.get(0);
            link.mbap(late.transactionId(), 0, late.unitId(), registers(3, 4242));
            link.mbap(r.transactionId(), 0, r.unitId(), registers(3, valuesFor(r)));
        }); ModbusTransport t = transport(device, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusTimeoutException.class)
                    .hasMessageContaining("no reply within 500 ms");
            assertThat(t.isConnected()).isTrue();
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(1000);
            assertThat(device.connections()).isEqualTo(1);
        }
    }

    @Test
    void incompleteReplyIsATimeoutAndDropsTheConnection() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            byte[] frame = FakeModbusDevice.mbapFrame(r.transactionId(), 0, r.unitId(), registers(3, valuesFor(r)));
            link.raw(java.util.Arrays.copyOf(frame, frame.length - 1));
        }); ModbusTransport t = transport(device, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 2)).isInstanceOf(ModbusTimeoutException.class)
                    .hasMessageContaining("reply incomplete");
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void peerClosingIsAnIoErrorAndTheNextReadReconnects() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            if (calls.incrementAndGet() == 1) {
                link.close();
            } else {
                CORRECT.answer(r, link);
            }
        }); ModbusTransport t = transport(device)) {
            ModbusIoException e = catchThrowableOfType(() -> t.readHoldingRegisters(1, 0, 1), ModbusIoException.class);
            assertThat(e.kind()).isEqualTo(ModbusTransportException.Kind.IO);
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(2, 7, 1)).containsExactly(2007);
            assertThat(device.connections()).isEqualTo(2);
        }
    }

    @Test
    void reconnectingManyTimesLeaksNoSockets() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            if (calls.incrementAndGet() % 2 == 1) {
                link.close();
            } else {
                CORRECT.answer(r, link);
            }
        }); ModbusTransport t = transport(device)) {
            assertNoDescriptorLeak(() -> {
                assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusIoException.class);
                assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(1000);
            });
        }
    }

    interface Cycle {
        void run() throws Exception;
    }

    /** Runs {@code cycle} 60 times and checks that this process holds no more file descriptors than before. */
    static void assertNoDescriptorLeak(Cycle cycle) throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds),
                "counting file descriptors needs /proc/self/fd (Linux)");
        for (int i = 0; i < 10; i++) {
            cycle.run(); // warm-up: lazily opened JDK and JUnit descriptors
        }
        long before;
        try (var list = java.nio.file.Files.list(fds)) {
            before = list.count();
        }
        for (int i = 0; i < 50; i++) {
            cycle.run();
        }
        long after;
        try (var list = java.nio.file.Files.list(fds)) {
            after = list.count();
        }
        // 50 cycles open 50 client and 50 server sockets: any leak shows far above this slack
        assertThat(after).isLessThanOrEqualTo(before + 10);
    }

    @Test
    void refusedConnectionIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ModbusTransport t = ModbusTransports.create(
                TransportConfig.tcp("127.0.0.1", port, Duration.ofMillis(500)))) {
            assertThatThrownBy(t::connect).isInstanceOf(ModbusIoException.class)
                    .hasMessageContaining("tcp://127.0.0.1:" + port + ": cannot connect");
            assertThatThrownBy(() -> t.readCoils(1, 0, 1)).isInstanceOf(ModbusIoException.class);
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void closeDuringAReadEndsItWithAnIoError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> { });
             ModbusTransport t = transport(device, Duration.ofSeconds(20))) {
            closeWhileReading(device, t);
        }
    }

    /** Closes {@code t} from another thread at varying moments after the device got the request, 20 times. */
    static void closeWhileReading(FakeModbusDevice device, ModbusTransport t) throws Exception {
        for (int i = 0; i < 20; i++) {
            t.connect();
            int before = device.requests();
            long spin = i * 50_000L;
            Thread closer = new Thread(() -> {
                while (device.requests() == before) {
                    Thread.onSpinWait();
                }
                long end = System.nanoTime() + spin;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                t.close();
            });
            closer.start();
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusIoException.class);
            closer.join();
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void manyThreadsOnOneTransportEachGetTheirOwnReply() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, CORRECT);
             ModbusTransport t = transport(device)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    int unit = thread + 1;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 300; i++) {
                            int address = (i * 7 + unit) % 1000;
                            assertThat(t.readHoldingRegisters(unit, address, 2))
                                    .containsExactly(unit * 1000 + address, unit * 1000 + address + 1);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(device.connections()).isEqualTo(1);
        }
    }

    @Test
    void transactionIdsRunFromOneAndWrapAfter65535() throws Exception {
        List<Integer> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, (r, link) -> {
            ids.add(r.transactionId());
            CORRECT.answer(r, link);
        }); ModbusTransport t = transport(device)) {
            for (int i = 0; i < 3; i++) {
                t.readInputRegisters(1, 0, 1);
            }
            assertThat(ids).containsExactly(1, 2, 3);
            java.lang.reflect.Field last = TcpTransport.class.getDeclaredField("lastTransactionId");
            last.setAccessible(true);
            last.setInt(t, 0xFFFE);
            t.readInputRegisters(1, 0, 1);
            t.readInputRegisters(1, 0, 1);
            t.readInputRegisters(1, 0, 1);
            assertThat(ids.subList(3, 6)).containsExactly(0xFFFF, 1, 2);
        }
    }

    @Test
    void argumentsOutsideTheProtocolAreRefusedBeforeAnythingIsSent() throws IOException {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.MBAP, CORRECT);
             ModbusTransport t = transport(device)) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 126)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("count must be 1..125, was 126");
            assertThatThrownBy(() -> t.readInputRegisters(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.readCoils(1, 0, 2001)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1..2000");
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 65530, 7))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passes 65535");
            assertThatThrownBy(() -> t.readHoldingRegisters(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.readHoldingRegisters(256, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unit id must be 0..255");
            assertThat(device.requests()).isZero();
        }
    }
}
