package org.edgeway.modbus.internal.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.edgeway.modbus.internal.transport.ModbusTransport;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads on two transports to two servers with different images: every value read must be its own
 * server's and its own unit's. j2mod 3.3.0's masters share one static transaction-id counter, which under this
 * load hands out mixed-up ids; the transports must not be affected.
 */
@Timeout(120)
class ConcurrentTransportsInteropTest {

    private static final int THREADS = 6;
    private static final int READS_PER_THREAD = 600;
    private static final int REGISTERS = 100;

    /** Server {@code s}, unit {@code u}, holding register {@code a} holds {@code s * 10000 + u * 1000 + a}. */
    private static RegisterImage image(int server) {
        RegisterImage image = new RegisterImage();
        for (int unit = 1; unit <= 3; unit++) {
            int[] values = new int[REGISTERS];
            for (int a = 0; a < REGISTERS; a++) {
                values[a] = server * 10000 + unit * 1000 + a;
            }
            image.holding(unit, 0, values);
        }
        return image;
    }

    @Test
    void concurrentReadsNeverGetAnotherRequestsReply() throws Exception {
        try (PymodbusServer one = PymodbusServer.tcp(image(1));
             PymodbusServer two = PymodbusServer.tcp(image(2));
             ModbusTransport first = ModbusTransports.create(
                     TransportConfig.tcp("127.0.0.1", one.port(), Duration.ofSeconds(5)));
             ModbusTransport second = ModbusTransports.create(
                     TransportConfig.tcp("127.0.0.1", two.port(), Duration.ofSeconds(5)))) {
            ModbusTransport[] transports = {first, second};
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    results.add(pool.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        int checked = 0;
                        for (int n = 0; n < READS_PER_THREAD; n++) {
                            int server = random.nextInt(2) + 1;
                            int unit = random.nextInt(3) + 1;
                            int count = random.nextInt(10) + 1;
                            int address = random.nextInt(REGISTERS - count + 1);
                            int[] values = transports[server - 1].readHoldingRegisters(unit, address, count);
                            assertThat(values).hasSize(count);
                            for (int k = 0; k < count; k++) {
                                assertThat(values[k])
                                        .as("server %d unit %d register %d", server, unit, address + k)
                                        .isEqualTo(server * 10000 + unit * 1000 + address + k);
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                int checked = 0;
                for (Future<Integer> f : results) {
                    checked += f.get();
                }
                assertThat(checked).isGreaterThanOrEqualTo(THREADS * READS_PER_THREAD);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
