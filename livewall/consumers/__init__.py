"""The live wall's sockets: the frames they speak and their close codes (close codes: the README).

Modules: `outbox` (a bounded send queue per socket), `base` (accept, close, client-frame hygiene),
`viewer` (WallConsumer), `moderator` (ModerationConsumer). May import `livewall.stream`,
`livewall.moderation` and `livewall.models`; nothing imports the consumers but `livewall.routing`.

Viewer socket `ws/walls/<slug>/` (WallConsumer)
  Server -> client frames (JSON text):
    {"type": "snapshot", "seq": N, "posts": [post, ...], "html": ["<li ...>", ...]}
        latest approved posts, pinned first; html[i] is posts[i]'s fragment. Also
        "questions": {"open": ["<li ...>", ...], "answered": [...]}: the questions view's lists as
        the pages open with them (stream.question_board), which clients rebuild that view from
    {"type": "event", "seq": N, "kind": "published" | "updated", "post": post, "html": "<li ...>"}
    {"type": "event", "seq": N, "kind": "removed", "post": {"id": .., "removed": true}}   (no html)
    `post` is plain data (livewall.stream.serializers.post_payload); `html` is the post's
    <li class="wall-post"> rendered by livewall.stream.render.post_html from that data with the
    page's template (templates/livewall/includes/post.html, the wall's show_source_icons), the same
    bytes as on the participant page and the big screen. Every path carries the same HTML: live
    events (rendered once per broadcast by the publisher), catch-up from the relay's memory or the
    database, snapshots. Clients insert it as is (user text is escaped by the template).
    {"type": "screen", "version": N, "layout": .., "blanked": bool, "banner": "..", ...}   the control
        room's screen state (livewall.stream.screen): after the snapshot or catch-up of every
        connect once the control room has changed anything (version > 0; the page carries
        version 0's state), then whenever a moderator changes it; no seq, clients keep the highest
        version
    {"type": "held_back", "count": N}   how many posts moderators held back (livewall.stream.held_back):
        whenever a moderation action changes it, and after the first read of a connect if this
        process broadcast one; no seq, clients show the latest. Never the posts or their ids
    {"type": "error", "code": "bad_json" | "bad_frame" | "unknown_type" | "bad_cursor" | "binary", "message": ..}
    {"type": "pong"}
    {"type": "watchers", "in_room": N, "remote": M}   people watching the wall (all server processes),
        only to sockets that said `where` (below): once after the snapshot or catch-up, then when
        the counts change, at most one every LIVEWALL_WATCHERS_INTERVAL (5 s) per wall and process
  Client -> server frames: {"type": "resume", "after": N} (replay every event after N, or a fresh
  snapshot when more than 500 were missed), {"type": "where", "where": "room" | "remote"} (the
  viewer changed where they are; "bad_frame" error otherwise) and {"type": "ping"}. Anything else
  gets an error frame.
  A client that already knows its cursor may connect to `ws/walls/<slug>/?after=N` to resume at
  once instead of receiving the connect-time snapshot. `?where=room|remote|screen` says where the
  viewer is (livewall.stream.watchers): screens are not counted, a viewer who does not say is counted as
  remote and gets no watchers frames.

Moderator socket `ws/moderate/walls/<slug>/` (ModerationConsumer)
  Server -> client: {"type": "post", "post": moderation payload, "html": the queue row} whenever a post of the wall is
  created or changes; {"type": "ack", "action": .., "post": id, "status": .., "pinned": ..};
  error frames as above (codes also "not_found", "forbidden").
  Client -> server: {"type": "moderate", "action": "approve|reject|hide|pin|unpin|answer", "post": id},
  ping.

Close codes: the table in the README ("Live wall sockets"); the constants in `codes.py`.

Performance: `livewall.stream.publisher` renders each event (its post's HTML included) ONCE to JSON
text and sends {"type": "wall.event", "seq": N, "text": ...} to the wall's layer group. In each
server process a single WallRelay (livewall.stream.relay) is in that group and hands the text to
every local viewer socket by a plain method call, which appends it to the socket's outbox
(bounded: see 4010). So per socket and broadcast there is no JSON encoding, no layer receive, no
task switch into a dispatch loop and no database hop (stock Channels hops to the database thread
before every handler since 4.2).
The seq is checked so that nothing is sent twice, and a hole (a broadcast lost while Redis was
down, or two commits broadcast out of order) is replayed from the database, once per process.
"""
