/*
 * Force-included (gcc -include) before libmodbus's example unit-test-server.c from libmodbus-dev, so that edgeway's
 * interop tests can run it without patching its source, which listens on the fixed port 1502 (or opens
 * /dev/ttyUSB0) and says nothing before it accepts its single client:
 *   EDGEWAY_UT_PORT    TCP port to listen on instead of 1502
 *   EDGEWAY_UT_DEVICE  serial device to open instead of /dev/ttyUSB0 (RTU mode, 115200 8N1, slave id 17)
 * It prints "READY" once it listens (TCP) or has opened the device (RTU), and ends itself after two minutes so that a
 * crashed test run leaves no server behind.
 */
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define EDGEWAY_UT_LIFETIME_SECONDS 120

static int edgeway_ut_port(int fallback)
{
    const char *port = getenv("EDGEWAY_UT_PORT");
    return port != NULL ? atoi(port) : fallback;
}

static const char *edgeway_ut_device(const char *fallback)
{
    const char *device = getenv("EDGEWAY_UT_DEVICE");
    return device != NULL ? device : fallback;
}

static void edgeway_ut_ready(void)
{
    alarm(EDGEWAY_UT_LIFETIME_SECONDS);
    printf("READY\n");
    fflush(stdout);
}

static int edgeway_ut_tcp_listen(modbus_t *ctx, int nb_connection)
{
    int s = modbus_tcp_listen(ctx, nb_connection);
    if (s != -1) {
        edgeway_ut_ready();
    }
    return s;
}

static int edgeway_ut_connect(modbus_t *ctx)
{
    int rc = modbus_connect(ctx);
    if (rc != -1) {
        edgeway_ut_ready();
    }
    return rc;
}

#define modbus_new_tcp(ip, port) modbus_new_tcp((ip), edgeway_ut_port(port))
#define modbus_new_rtu(device, baud, parity, data_bit, stop_bit) \
    modbus_new_rtu(edgeway_ut_device(device), (baud), (parity), (data_bit), (stop_bit))
#define modbus_tcp_listen(ctx, nb_connection) edgeway_ut_tcp_listen((ctx), (nb_connection))
#define modbus_connect(ctx) edgeway_ut_connect(ctx)
