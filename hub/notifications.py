"""When a discussion's response goes out: queue the one notification task after the commit."""

from django.db import transaction

from . import tasks


def response_published(discussion):
    """Queue the notification if the discussion has a published response (idempotent: the task
    tells each confirmed contact at most once, however often this runs)."""
    if not discussion.has_response():
        return False
    url = discussion.full_url
    transaction.on_commit(lambda: tasks.notify_response.enqueue(discussion.pk, url))
    return True


def on_page_published(sender, instance, **kwargs):
    """wagtail.signals.page_published receiver (connected in apps.py): any publish, from the editor,
    the scheduler or code, of a discussion with a response."""
    response_published(instance)
