"""Group and private chat driven by Python's websockets (Debian python3-websockets), as the seeds' users would.

usage: chat_client.py BASE_WS_URL ROOM SUFFIX
Prints one line per observation; the Java test compares them.
"""
import asyncio
import json
import sys

import websockets


async def next_of(ws, kind):
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if message["type"] == kind:
            return message


async def main(base: str, room: str, suffix: str) -> None:
    alice, bob = "alice-" + suffix, "bob-" + suffix
    async with websockets.connect(f"{base}ws/chat/{room}?user={alice}") as a:
        # alice is in the room once her presence arrives; only then may bob expect to see her in his
        await next_of(a, "presence")
        b = await websockets.connect(f"{base}ws/chat/{room}?user={bob}")
        presence = await next_of(b, "presence")
        print("presence", ",".join(u.split("-")[0] for u in presence["users"]))

        # the seed's defect: it trusted "from_user"; wshub ignores it
        await a.send(json.dumps({"type": "say", "text": "hello room", "from_user": "mallory", "id": "p1"}))
        ack = await next_of(a, "ack")
        message = await next_of(b, "message")
        print("message", message["from"].split("-")[0], message["text"], message["seq"] == ack["seq"])

        await b.send(json.dumps({"type": "whisper", "to": alice, "text": "psst", "id": "p2"}))
        print("ack", (await next_of(b, "ack"))["status"])
        private = await next_of(a, "private")
        print("private", private["from"].split("-")[0], private["text"])
        await b.close()

    carol = "carol-" + suffix
    async with websockets.connect(f"{base}ws/private?user={alice}") as a:
        await a.send(json.dumps({"type": "whisper", "to": carol, "text": "later", "id": "p3"}))
        print("ack", (await next_of(a, "ack"))["status"])
    async with websockets.connect(f"{base}ws/private?user={carol}") as c:
        private = await next_of(c, "private")
        print("private", private["from"].split("-")[0], private["text"])


asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
