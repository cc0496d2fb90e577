"""Sends messages that are tiny once compressed: one of exactly wshub's size limit, then one byte over it.

usage: deflate_client.py WS_URL LIMIT
Prints the negotiated extensions ("none" without permessage-deflate), the length of the echo of the first message,
then the close code the server sent after the second.
"""
import asyncio
import sys

import websockets


async def main(url: str, size: int) -> None:
    # websockets offers permessage-deflate by default
    async with websockets.connect(url, max_size=None) as ws:
        names = [extension.name for extension in ws.extensions]
        print(",".join(names) if names else "none")
        await ws.send("x" * size)
        print(len(await asyncio.wait_for(ws.recv(), timeout=10)))
        await ws.send("x" * (size + 1))
        try:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=10)
        except websockets.ConnectionClosed as closed:
            print(closed.code)


asyncio.run(main(sys.argv[1], int(sys.argv[2])))
