"""A closed wall's public archive: its approved posts, read-only, for anyone and for search engines.

Open only once the wall has closed (its closing time has passed): before that the wall's own pages
are the place. Posts are rendered by the one renderer (stream.render), so user text is escaped as
everywhere else; removed, pending and rejected posts never appear, and after the retention period
the posts show without their authors' names (livewall.records.retention).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from livewall.models import Wall
from livewall.stream import catchup
from livewall.stream.render import posts_html
from livewall.stream.serializers import post_payload

ARCHIVE_PAGE_SIZE = 100


@require_safe
def archive(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    if not wall.is_closed():
        raise Http404("This wall is still open: its archive opens when it closes.")
    posts = catchup.visible_posts(wall.pk).order_by("created_at", "id")
    page = Paginator(posts, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    payloads = [post_payload(post) for post in page.object_list]
    html = "\n".join(posts_html(payloads, wall.show_source_icons, translation.get_language()))
    context = {
        "wall": wall,
        "page_obj": page,
        "posts_html": mark_safe(html),  # noqa: S308 - autoescaping template (stream.render)
        "has_posts": bool(payloads),
    }
    return render(request, "livewall/archive.html", context)
