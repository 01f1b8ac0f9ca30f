"""The wall's questions for the panel as the pages open with them: open ones by votes, then the
answered ones, each post's HTML from the one renderer (stream.render).

Open questions: most votes first, the earlier asked first among equals (static/livewall/wall/
questions.js keeps the same order as votes arrive). Answered: the latest answered first.

`question_lists` is what a snapshot frame carries (stream.catchup) so that a client rebuilds its
questions view from it; `question_board` is the same lists joined for the pages' templates. The
two are one function, so a view rebuilt from a snapshot equals a fresh page load.
"""

from django.utils.safestring import mark_safe

from livewall.models import Post
from livewall.stream.render import posts_html
from livewall.stream.serializers import post_payload

BOARD_SIZE = 50


def _questions(wall_id):
    return Post.objects.filter(wall_id=wall_id, is_question=True, status=Post.Status.APPROVED).select_related(
        "cached_thumbnail"
    )


def question_lists(wall_id, show_source_icons, size=BOARD_SIZE, language=None):
    """{"open": [fragment, ...], "answered": [fragment, ...]}, each list in the board's order."""
    open_posts = _questions(wall_id).filter(answered_at__isnull=True).order_by("-vote_count", "id")[:size]
    answered = _questions(wall_id).filter(answered_at__isnull=False).order_by("-answered_at", "-id")[:size]
    return {
        "open": posts_html([post_payload(post) for post in open_posts], show_source_icons, language),
        "answered": posts_html([post_payload(post) for post in answered], show_source_icons, language),
    }


def question_board(wall, size=BOARD_SIZE, language=None):
    """{"questions_html", "answered_html", "has_questions", "has_answered"} for the pages."""
    lists = question_lists(wall.pk, wall.show_source_icons, size, language)
    return {
        # Autoescaping template (stream.render): user text is escaped there.
        "questions_html": mark_safe("\n".join(lists["open"])),  # noqa: S308
        "answered_html": mark_safe("\n".join(lists["answered"])),  # noqa: S308
        "has_questions": bool(lists["open"]),
        "has_answered": bool(lists["answered"]),
    }
