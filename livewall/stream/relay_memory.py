"""What a wall's relay remembers so that connecting sockets need not read the database: the
latest snapshot (valid until the next event) and the most recent events, contiguous by seq, each
re-rendered with its post's current state as the database's catch-up would send it.

When a thousand screens and phones connect, or reconnect after the venue's network dropped, only
the first of them reads the database.
"""

import json
from typing import NamedTuple

from livewall.stream.catchup import dumps, payload_frame
from livewall.stream.groups import WALL_EVENT


class RecentEvent(NamedTuple):
    seq: int
    post_id: int
    kind: str
    text: str


class RelayMemory:
    """Mixed into WallRelay, which sets `recent` (a deque of RecentEvent, at most MAX_CATCH_UP),
    `snapshot` and `last_seq` (the latest seq handed to its members)."""

    def remember_event(self, message):
        seq, text = message.get("seq"), message.get("text")
        if message.get("type") != WALL_EVENT or seq is None or text is None:
            return
        recent = self.recent
        if recent and seq <= recent[-1].seq:
            return  # already held (a replay of what the layer delivered after all)
        if recent and seq != recent[-1].seq + 1:
            recent.clear()  # a hole: what is kept must stay contiguous
        frame = json.loads(text)
        post = frame.get("post") or {}
        self.supersede(post, frame.get("html"))
        recent.append(RecentEvent(seq, post.get("id"), frame.get("kind"), text))

    def supersede(self, post, html):
        """Re-render the kept events of a post that changed as the database's catch-up sends them,
        each with the post's current state: a hidden post's text is never replayed.

        The newest frame's HTML is the post's current HTML (rendered once by the publisher from the
        same payload with the same template), so it is reused as is, not rendered again."""
        for index, event in enumerate(self.recent):
            if event.post_id != post.get("id"):
                continue
            self.recent[index] = event._replace(text=dumps(payload_frame(event.seq, event.kind, post, html)))

    def events_after(self, after):
        """Texts of every event after `after` up to the latest the relay knows of, with that seq, or
        None when the relay cannot vouch for all of them (then the caller reads the database)."""
        recent = self.recent
        if not recent or recent[-1].seq != self.last_seq or after > self.last_seq or after < recent[0].seq - 1:
            return None
        return [event.text for event in recent if event.seq > after], self.last_seq

    def cached_snapshot(self):
        """(seq, text) of a snapshot that is still the wall's latest state, or None."""
        if self.snapshot is not None and self.snapshot[0] == self.last_seq:
            return self.snapshot
        return None

    def remember_snapshot(self, seq, text):
        if self.last_seq is None or seq >= self.last_seq:
            self.snapshot = (seq, text)
