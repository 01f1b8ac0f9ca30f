"""A wall's posts for its moderators, as CSV or JSON: every post, whatever its status, with its
source, the basis of consent, the latest moderation decision and who made it.

Each row is `stream.serializers.moderation_payload` (the moderators' socket and the API's shape)
plus `consent`, flattened for CSV. Nothing else: no participant cookie id, no rate-limit data (the
posts hold none), no content hash. Moderators only: it carries moderation data.
"""

import csv
import io
import json

from django.db.models import Prefetch

from livewall.models import ModerationAction, Post
from livewall.stream.serializers import moderation_payload

CSV_COLUMNS = [
    "id",
    "wall",
    "source",
    "source_label",
    "created_at",
    "received_at",
    "author_name",
    "author_handle",
    "avatar_url",
    "text",
    "links",
    "permalink",
    "image_url",
    "image_alt",
    "content_warning",
    "video_url",
    "attending",
    "language",
    "consent",
    "status",
    "pinned",
    "decision",
    "moderator",
    "decided_at",
    "moderation_note",
]

SOCIAL = {Post.Source.MASTODON, Post.Source.X, Post.Source.BLUESKY, Post.Source.RSS}


def consent(post, wall):
    """Why the post may be on the wall (the wall's current settings for platform posts)."""
    if post.source == Post.Source.CONTRIBUTION:
        return "Sent by its author through the wall's form"
    if post.source == Post.Source.HUB:
        return "Sent from the discussion hub"
    if post.source == Post.Source.REPLAY:
        return "Rehearsal replay (made-up posts)"
    if post.source in SOCIAL and wall.require_opt_in:
        return f"Public post that opted in by mentioning {wall.opt_in_account}"
    return f"Public post with the wall's hashtag and no opt-out tag ({wall.opt_out_tags})"


def export_posts(wall):
    """Every post of the wall, oldest first, each with its actions read in the same query set."""
    actions = ModerationAction.objects.select_related("user").order_by("-created_at", "-id")
    return (
        Post.objects.filter(wall=wall)
        .select_related("wall", "cached_thumbnail")
        .prefetch_related(Prefetch("moderation_actions", queryset=actions, to_attr="actions_newest_first"))
        .order_by("received_at", "id")
    )


def export_records(wall):
    """Dicts: moderation_payload + consent, one per post."""
    records = []
    for post in export_posts(wall):
        latest = post.actions_newest_first[0] if post.actions_newest_first else None
        record = moderation_payload(post, latest)
        record["consent"] = consent(post, wall)
        records.append(record)
    return records


def csv_row(record):
    decision = record["moderation"] or {}
    video = record["video"] or {}
    flat = {
        **record,
        "links": " ".join(record["links"]),
        "video_url": video.get("embed_url", ""),
        "pinned": "yes" if record["pinned"] else "no",
        "decision": decision.get("label", ""),
        "moderator": decision.get("user") or ("system" if decision else ""),
        "decided_at": decision.get("at", ""),
        "moderation_note": decision.get("note", ""),
    }
    return [_cell(flat.get(column)) for column in CSV_COLUMNS]


def _cell(value):
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula (CSV injection) is kept as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(wall):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in export_records(wall):
        writer.writerow(csv_row(record))
    return out.getvalue()


def export_json(wall):
    return json.dumps(
        {"wall": wall.slug, "title": wall.title, "posts": export_records(wall)}, ensure_ascii=False, indent=1
    )
