"""A socket's bounded outbox, drained by one sender task: what lets one slow phone never hold up the wall.

Frames are queued as ready JSON text (rendered once per broadcast by the publisher); past
MAX_BACKLOG waiting frames the client is dropped with CLOSE_TOO_SLOW and resumes by cursor.
"""

import asyncio
from collections import deque

from livewall.consumers.codes import CLOSE_TOO_SLOW, MAX_BACKLOG
from livewall.stream import catchup

_CLOSE = object()  # outbox marker: the close frame follows whatever was queued before it


class SocketOutbox:
    """Mixed into a consumer that has `base_send`."""

    closing = False

    def start_outbox(self):
        self.outbox = deque()
        self.closing = False
        self.wake = asyncio.Event()
        self.sender = asyncio.ensure_future(self.drain_outbox())

    async def drain_outbox(self):
        outbox, send = self.outbox, self.base_send
        while True:
            while outbox:
                item = outbox.popleft()
                if item is _CLOSE:
                    await send(self.close_message)
                    return
                await send(item)
            self.wake.clear()
            await self.wake.wait()

    def enqueue_text(self, text):
        if self.closing:
            return
        self.outbox.append({"type": "websocket.send", "text": text})
        if len(self.outbox) > MAX_BACKLOG:
            self.drop_slow_client()
            return
        self.wake.set()

    def drop_slow_client(self):
        """The client reads slower than the wall moves: drop its backlog and close; it resumes by cursor.

        The sender is stuck in a send to this client, so the close goes out past it.
        """
        self.outbox.clear()
        self.closing = True
        self.sender.cancel()
        self.closer = asyncio.ensure_future(self.base_send({"type": "websocket.close", "code": CLOSE_TOO_SLOW}))

    def send_frame(self, frame):
        self.enqueue_text(catchup.dumps(frame))

    def close(self, code):
        if self.closing:
            return
        self.closing = True
        self.close_message = {"type": "websocket.close", "code": code}
        self.outbox.append(_CLOSE)
        self.wake.set()
