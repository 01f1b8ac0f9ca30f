"""The wall's questions for the panel as the pages open with them: open ones by votes, then the
answered ones, each post's HTML from the one renderer (stream.render).

Open questions: most votes first, the earlier asked first among equals (static/livewall/wall/
questions.js keeps the same order as votes arrive). Answered: the latest answered first.
"""

from django.utils.safestring import mark_safe

from livewall.models import Post
from livewall.stream.render import posts_html
from livewall.stream.serializers import post_payload

BOARD_SIZE = 50


def _questions(wall):
    return Post.objects.filter(wall=wall, is_question=True, status=Post.Status.APPROVED).select_related(
        "cached_thumbnail"
    )


def question_board(wall, size=BOARD_SIZE):
    """{"questions_html", "answered_html", "has_questions", "has_answered"} for the pages."""
    open_posts = _questions(wall).filter(answered_at__isnull=True).order_by("-vote_count", "id")[:size]
    answered = _questions(wall).filter(answered_at__isnull=False).order_by("-answered_at", "-id")[:size]
    open_html = posts_html([post_payload(post) for post in open_posts], wall.show_source_icons)
    answered_html = posts_html([post_payload(post) for post in answered], wall.show_source_icons)
    return {
        # Autoescaping template (stream.render): user text is escaped there.
        "questions_html": mark_safe("\n".join(open_html)),  # noqa: S308
        "answered_html": mark_safe("\n".join(answered_html)),  # noqa: S308
        "has_questions": bool(open_html),
        "has_answered": bool(answered_html),
    }
