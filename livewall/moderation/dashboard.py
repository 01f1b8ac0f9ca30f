"""The admin dashboard's "Live walls open now" panel: each wall taking contributions right now, its
pending count and a link to its moderation queue, so a moderator finds the queue from /admin/.
Shown only to moderators (wagtail_hooks adds it). Reads livewall.models only."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from livewall.models import Post, Wall


def open_walls(now=None):
    """Walls accepting contributions at `now` (Wall.is_accepting_contributions, as one query), most
    pending first, each with `pending_count`."""
    now = now or timezone.now()
    return (
        Wall.objects.filter(contributions_open=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .annotate(pending_count=Count("posts", filter=Q(posts__status=Post.Status.PENDING)))
        .order_by("-pending_count", "title")
    )


class OpenWallsPanel(Component):
    name = "live-walls-open-now"
    order = 60  # after Wagtail's own summary, before its lists of pages
    template_name = "livewall/admin/dashboard_open_walls.html"

    def get_context_data(self, parent_context):
        return {"walls": list(open_walls())}
