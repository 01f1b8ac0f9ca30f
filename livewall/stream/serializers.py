"""Posts as plain data: the one shape fed to the viewer socket, the JSON API and exports.

Only strings, numbers, booleans and lists/dicts of them: no HTML is ever built here from user
input. A post's HTML is rendered from this data by stream.render (the page's autoescaping
template) and travels beside it in the viewer frames; clients insert that, never build markup.
"""

from livewall.models import Post
from livewall.stream.embeds import Video, embed_url, watch_url


def _video(post):
    if not (post.video_provider and post.video_id):
        return None
    video = Video(provider=post.video_provider, id=post.video_id)
    return {
        "provider": video.provider,
        "id": video.id,
        # The portal's copy only (intake.thumbnails), "" until fetched: never the provider's address.
        "thumbnail": post.cached_thumbnail.url if post.cached_thumbnail_id else "",
        "embed_url": embed_url(video),
        "watch_url": watch_url(video),
        "title": post.video_title,
    }


def _question(post):
    """A question's public state (None for other posts): its votes and whether it was answered."""
    if not post.is_question:
        return None
    return {"votes": post.vote_count, "answered": post.answered_at is not None}


def _image_url(post):
    # Only the portal's own copy: a platform's picture is fetched and stored by intake.platform_images;
    # until then viewers get its description as text, never the platform's address.
    return post.image.url if post.image else ""


def post_payload(post):
    """What every viewer may see of an approved post."""
    return {
        "id": post.pk,
        "seq": post.seq,
        "source": post.source,
        "source_label": post.get_source_display(),
        "author_name": post.author_name,
        "author_handle": post.author_handle,
        "avatar_url": post.avatar_url,
        "text": post.text,
        "links": list(post.links or []),
        "permalink": post.permalink,
        "video": _video(post),
        "image_url": _image_url(post),
        "image_alt": post.image_alt,
        "content_warning": post.content_warning,
        "quote": dict(post.quote) if post.quote else None,
        "attending": post.attending,
        "language": post.language,
        "question": _question(post),
        "created_at": post.created_at.isoformat(),
        "pinned": post.pinned,
    }


def removed_payload(post_id):
    """What viewers get for a post that is no longer on the wall: its id, nothing of its content."""
    return {"id": post_id, "removed": True}


NOT_READ = object()


def moderation_payload(post, last_action=NOT_READ):
    """A post as moderators see it: viewer fields plus status and the latest moderation action.

    Callers that already hold the latest action (or know there is none: None) pass it; otherwise
    it is read with one query.
    """
    if last_action is NOT_READ:
        last_action = post.moderation_actions.select_related("user").first()
    payload = post_payload(post)
    payload.update(
        {
            "wall": post.wall.slug,
            "status": post.status,
            "status_label": post.get_status_display(),
            "visible": post.status == Post.Status.APPROVED,
            "received_at": post.received_at.isoformat() if post.received_at else None,
            "moderation": None
            if last_action is None
            else {
                "action": last_action.action,
                "label": last_action.get_action_display(),
                "user": last_action.user.get_username() if last_action.user else None,
                "note": last_action.note,
                "at": last_action.created_at.isoformat(),
            },
        }
    )
    return payload
