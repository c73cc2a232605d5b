# Modbus test server on pymodbus 3.0.x (Debian: python3-pymodbus) for edgeway's interop tests.
#
# usage: python3 pymodbus_server.py SPEC.json
#
# SPEC is JSON:
#   {"mode": "tcp" | "rtu-over-tcp" | "rtu-serial",
#    "host": "127.0.0.1", "port": 0,                      (tcp modes; 0 picks a free port)
#    "device": "/path/to/pty", "baud": 19200,              (rtu-serial; 8 data bits, parity N/E/O, 1 or 2 stop bits)
#    "parity": "N", "stopbits": 1,
#    "units": {"1": {"hr": {"0": [1, 2, 3]}, "ir": {...}, "co": {"0": [1, 0]}, "di": {...}}}}
#
# Addresses are 0-based protocol addresses (zero_mode). Unlisted addresses answer exception 2 (illegal data
# address); requests for unknown unit ids get no reply (pymodbus 3.0's framers drop them). Prints "READY <port>"
# (the bound TCP port, or 0 for serial) on stdout once it accepts requests. Exits when stdin closes, so a killed
# test JVM never leaves a server behind.
import asyncio
import json
import logging
import os
import sys
import threading

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer


def block(table):
    values = {}
    for start, words in (table or {}).items():
        for i, word in enumerate(words):
            values[int(start) + i] = int(word)
    return ModbusSparseDataBlock(values)  # sparse: an address not listed is an illegal data address


def watch_stdin():
    try:
        while sys.stdin.buffer.read(1024):
            pass
    finally:
        os._exit(0)


async def main(spec):
    slaves = {}
    for unit, tables in spec["units"].items():
        slaves[int(unit)] = ModbusSlaveContext(
            hr=block(tables.get("hr")), ir=block(tables.get("ir")),
            co=block(tables.get("co")), di=block(tables.get("di")), zero_mode=True)
    context = ModbusServerContext(slaves=slaves, single=False)
    mode = spec["mode"]
    if mode in ("tcp", "rtu-over-tcp"):
        framer = ModbusSocketFramer if mode == "tcp" else ModbusRtuFramer
        server = ModbusTcpServer(context, framer=framer, address=(spec.get("host", "127.0.0.1"), spec.get("port", 0)),
                                 allow_reuse_address=True)
        task = asyncio.create_task(server.serve_forever())
        await server.serving
        port = server.server.sockets[0].getsockname()[1]
    elif mode == "rtu-serial":
        server = ModbusSerialServer(context, framer=ModbusRtuFramer, port=spec["device"],
                                    baudrate=spec.get("baud", 19200), bytesize=8, parity=spec.get("parity", "N"),
                                    stopbits=spec.get("stopbits", 1), timeout=0.005)
        await server.start()
        if server.transport is None:
            raise SystemExit("cannot open serial device " + spec["device"])
        task = asyncio.create_task(server.serve_forever())
        port = 0
    else:
        raise SystemExit("unknown mode " + mode)
    print("READY %d" % port, flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    threading.Thread(target=watch_stdin, daemon=True).start()
    asyncio.run(main(spec))
