"""A third-party client for wshub: Python's websockets (Debian python3-websockets) says hello.

usage: hello_client.py WS_URL NAME
Prints the server's answer and the close code, one per line.
"""
import asyncio
import sys

import websockets


async def main(url: str, name: str) -> None:
    async with websockets.connect(url) as ws:
        await ws.send(name)
        print(await ws.recv())
        try:
            await asyncio.wait_for(ws.recv(), timeout=10)
            print("unexpected second message")
        except websockets.ConnectionClosed as closed:
            print(closed.code)


asyncio.run(main(sys.argv[1], sys.argv[2]))
