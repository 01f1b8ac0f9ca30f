"""What a wall keeps once the event is over, and for whom.

- `export.py`: CSV and JSON of every post with its source, consent, moderation decision and
  moderator, built on stream.serializers.moderation_payload (the socket's and API's serializer);
  moderators only, never public (it holds moderation data).
- `retention.py`: deletes contributors' personal data (names, handles, avatars, images) a wall's
  `retention_days` after it closed, keeping anonymous counts; `tasks.py` runs it as a django-tasks
  task (scale-out: the worker), `management/commands/livewall_retention.py` from the shell or cron.
- `insight.py` (the figures, from the database) and `charts.py` (SVG drawn on the server, no
  JavaScript): the per-wall report in the admin and its printable page.
- `views.py`: the admin endpoints (livewall.moderate_wall).

May import `livewall.moderation` (who may moderate), `livewall.stream` and `livewall.models`; the
public archive page is `livewall.pages.archive`.
"""
