"""A python-websockets echo server for the conformance suite: every message
comes back as it came (text as text, binary as binary), with the library's
defaults otherwise (permessage-deflate offered answers accepted, pings
answered, a 1 MiB message limit unless told otherwise). Prints its port on
one line once it listens; runs until its standard input closes.

usage: python3 echo_server.py [MAX_SIZE_BYTES]
"""

import asyncio
import sys

import websockets


async def echo(websocket, path=None):
    try:
        async for message in websocket:
            await websocket.send(message)
    except websockets.ConnectionClosed:
        pass


async def main(max_size: int) -> None:
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=max_size) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        # The parent closes stdin (or dies) when it is done with us.
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2**20))
