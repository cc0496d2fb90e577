"""The benchmark's Python peer: wshub's echo and room broadcast on websockets (the seeds' library), as a Python
developer would write them. Usage: python3 server.py <port>"""
import asyncio
import json
import signal
import sys
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote, urlparse

import websockets

rooms = {}


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def chat(ws, room, user):
    members = rooms.setdefault(room, {"sockets": set(), "seq": 0})
    members["sockets"].add(ws)
    try:
        async for data in ws:
            try:
                command = json.loads(data)
            except ValueError:
                await ws.send(json.dumps({"type": "error", "code": "malformed"}, separators=(",", ":")))
                continue
            if command.get("type") != "say":
                continue
            members["seq"] += 1
            # encoded once, sent to everyone without waiting on any of them
            ts = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
            message = json.dumps({"type": "message", "room": room, "seq": members["seq"], "from": user,
                                  "text": command.get("text"), "ts": ts}, separators=(",", ":"))
            websockets.broadcast(members["sockets"], message)
    finally:
        members["sockets"].discard(ws)


async def handler(ws, path=None):
    url = urlparse(path if path is not None else ws.path)
    user = parse_qs(url.query).get("user", ["anonymous"])[0]
    if url.path == "/ws/echo":
        await echo(ws)
    elif url.path.startswith("/ws/chat/"):
        await chat(ws, unquote(url.path[len("/ws/chat/"):]), user)
    else:
        await ws.close(1008, "unknown path")


async def main(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.serve(handler, "127.0.0.1", port, compression=None, max_queue=None):
        await stop


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
