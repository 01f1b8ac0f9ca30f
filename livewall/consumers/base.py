"""What both wall sockets share: accept, start the outbox, close, and client-frame hygiene
(size, rate, JSON shape, ping), with each consumer's own `client_handlers`."""

import json
import logging
import time
from collections import deque

from channels.consumer import AsyncConsumer
from channels.exceptions import StopConsumer

from livewall.consumers.codes import (
    CLOSE_ABUSE,
    CLOSE_LAYER_DOWN,
    CLOSE_TOO_LARGE,
    MAX_ERRORS,
    MAX_FRAME_BYTES,
    MAX_FRAMES_PER_WINDOW,
    RATE_WINDOW_SECONDS,
)
from livewall.consumers.outbox import SocketOutbox
from livewall.models import Wall
from livewall.stream.groups import MODERATION_EVENT, WALL_EVENT

logger = logging.getLogger(__name__)


def wall_id_for(slug):
    return Wall.objects.filter(slug=slug).values_list("pk", flat=True).first()


class ClientFrameError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class BaseWallSocket(SocketOutbox, AsyncConsumer):
    """Accept/close and client-frame hygiene; the outbox comes from SocketOutbox."""

    group = None

    async def dispatch(self, message):
        # Broadcasts never touch the database: skip the per-message hop to the DB thread that
        # AsyncConsumer.dispatch makes before every handler.
        if message["type"] in (WALL_EVENT, MODERATION_EVENT):
            await self.broadcast(message)
        else:
            await super().dispatch(message)

    async def broadcast(self, message):
        self.enqueue_text(message["text"])

    # Connection ---------------------------------------------------------------------------

    async def websocket_connect(self, message):
        self.errors = 0
        self.recent_frames = deque()
        await self.base_send({"type": "websocket.accept"})
        self.start_outbox()
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        try:
            await self.connected()
        except Exception:
            logger.exception("Live wall socket for %s could not start", self.slug)
            self.close(CLOSE_LAYER_DOWN)

    async def connected(self):
        raise NotImplementedError

    async def join(self, group):
        await self.channel_layer.group_add(group, self.channel_name)
        self.group = group

    async def websocket_disconnect(self, message):
        if self.group:
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:  # noqa: BLE001 - the layer may be the reason we are closing
                logger.warning("group_discard failed for %s", self.group, exc_info=True)
        sender = getattr(self, "sender", None)
        if sender:
            sender.cancel()
        raise StopConsumer()

    # Client frames ------------------------------------------------------------------------

    async def websocket_receive(self, message):
        if self.closing:
            return
        text = message.get("text")
        size = len(text.encode()) if text is not None else len(message.get("bytes") or b"")
        if size > MAX_FRAME_BYTES:
            self.close(CLOSE_TOO_LARGE)
            return
        if self.too_many_frames():
            self.close(CLOSE_ABUSE)
            return
        try:
            if text is None:
                raise ClientFrameError("binary", "Binary frames are not accepted; send JSON text.")
            data = self.parse(text)
            frame_type = data["type"]
            if frame_type == "ping":
                self.send_frame({"type": "pong"})
                return
            handler = self.client_handlers().get(frame_type)
            if handler is None:
                raise ClientFrameError("unknown_type", f"Unknown frame type {frame_type!r}.")
            await handler(data)
        except ClientFrameError as error:
            self.send_error(error.code, error.message)

    def client_handlers(self):
        return {}

    @staticmethod
    def parse(text):
        try:
            data = json.loads(text)
        except ValueError:
            raise ClientFrameError("bad_json", "Frames must be JSON.") from None
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            raise ClientFrameError("bad_frame", 'Frames must be JSON objects with a "type".')
        return data

    def too_many_frames(self):
        now = time.monotonic()
        recent = self.recent_frames
        recent.append(now)
        while recent and recent[0] < now - RATE_WINDOW_SECONDS:
            recent.popleft()
        return len(recent) > MAX_FRAMES_PER_WINDOW

    def send_error(self, code, message):
        self.send_frame({"type": "error", "code": code, "message": message})
        self.errors += 1
        if self.errors >= MAX_ERRORS:
            self.close(CLOSE_ABUSE)
