"""A third-party client for wshub: Python's websockets (Debian python3-websockets) offers a subprotocol, as the
seeds' handshake example does; websockets fails the connection when the server picks none of those offered.

usage: subprotocol_client.py WS_URL PROTOCOL...
Prints the protocol the server chose, then the answer to {"type":"rooms","id":"p"}.
"""
import asyncio
import json
import sys

import websockets


async def main(url: str, protocols: list) -> None:
    async with websockets.connect(url, subprotocols=protocols) as ws:
        print(ws.subprotocol)
        await ws.send(json.dumps({"type": "rooms", "id": "p"}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            if message["type"] == "rooms":
                print(",".join(message["rooms"]))
                return


asyncio.run(main(sys.argv[1], sys.argv[2:]))
