# Modbus TCP server on pymodbus 3.0.x (Debian: python3-pymodbus) for DepotModbusIT, adapted from the Modbus bundle's
# interop test server (bundles/modbus/src/test/resources/org/edgeway/modbus/internal/interop/pymodbus_server.py).
#
# usage: /usr/bin/python3 pymodbus_server.py SPEC.json
#
# SPEC is JSON:
#   {"host": "127.0.0.1", "port": 0,                      (0 picks a free port)
#    "units": {"1": {"hr": {"0": [1, 2, 3]}, "ir": {...}}}}
#
# Addresses are 0-based protocol addresses (zero_mode); each table maps a start address to a run of register values.
# Unlisted addresses answer exception 2 (illegal data address); requests for unknown unit ids get no reply
# (pymodbus 3.0's framer drops them), so a read from one times out. Prints "READY <port>" on stdout once it accepts
# connections. Exits when stdin closes, so a test JVM that dies never leaves a server behind.
import asyncio
import json
import logging
import os
import sys
import threading

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock
from pymodbus.server.async_io import ModbusTcpServer
from pymodbus.transaction import ModbusSocketFramer


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
    server = ModbusTcpServer(context, framer=ModbusSocketFramer,
                             address=(spec.get("host", "127.0.0.1"), spec.get("port", 0)), allow_reuse_address=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    threading.Thread(target=watch_stdin, daemon=True).start()
    asyncio.run(main(spec))
