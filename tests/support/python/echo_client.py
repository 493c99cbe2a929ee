"""A python-websockets client for interop tests: connects to an echo
endpoint, sends each message given as JSON on the command line, and prints
what came back, plus the negotiated extensions, as one JSON document.

usage: python3 echo_client.py URL TAKEOVER MESSAGES_JSON
  TAKEOVER  "takeover" or "no-takeover" (permessage-deflate context takeover)
"""

import asyncio
import json
import sys

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory


async def main(url: str, takeover: str, messages: list) -> None:
    factory = ClientPerMessageDeflateFactory(
        server_no_context_takeover=takeover == "no-takeover",
        client_no_context_takeover=takeover == "no-takeover",
    )
    async with websockets.connect(url, extensions=[factory], compression=None, max_size=2**24) as ws:
        replies = []
        for message in messages:
            await ws.send(bytes(message["bytes"]) if "bytes" in message else message["text"])
            reply = await ws.recv()
            replies.append({"bytes": list(reply)} if isinstance(reply, bytes) else {"text": reply})
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions")
        await ws.close(1000, "done")
        print(json.dumps({"extensions": extensions, "replies": replies, "close": ws.close_code}))


asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
