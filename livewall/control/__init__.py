"""The control room: the admin page (per wall) from which moderators run every open big screen
without touching the projector laptop: the kill switch, a banner, the layout.

`views.py` only: forms in, `livewall.moderation.control` does the work (one transaction, broadcast
after commit to every screen of every process). May import `livewall.moderation`,
`livewall.intake` (to parse the live stream's link), `livewall.stream` and `livewall.models`.
"""
