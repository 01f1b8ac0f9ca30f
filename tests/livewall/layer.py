"""Test helpers that take part in the real channel layer the way a consumer does."""

import asyncio
import json
import socket

from channels.layers import get_channel_layer


class GroupListener:
    """A channel in a layer group; `receive` returns the next group message, `assert_silent` checks none came.

    One receive is kept pending across calls: cancelling a pub/sub layer receive unsubscribes the channel.
    """

    def __init__(self, layer, channel):
        self.layer = layer
        self.channel = channel
        self.pending = None

    @classmethod
    async def join(cls, group):
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        return cls(layer, channel)

    async def receive(self, timeout=3):
        if self.pending is None:
            self.pending = asyncio.ensure_future(self.layer.receive(self.channel))
        done, _ = await asyncio.wait({self.pending}, timeout=timeout)
        if not done:
            raise TimeoutError(f"nothing received on {self.channel} within {timeout} s")
        message, self.pending = self.pending.result(), None
        return message

    async def receive_frame(self, timeout=3):
        """The JSON frame a consumer would forward, decoded."""
        return json.loads((await self.receive(timeout))["text"])

    async def assert_silent(self, wait=0.3):
        try:
            message = await self.receive(timeout=wait)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {message}")

    async def leave(self):
        if self.pending is not None:
            self.pending.cancel()


def closed_port():
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
