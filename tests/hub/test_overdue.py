"""The response due date: overdue only after it, counted in days, gone once a response is out."""

import datetime

import pytest

from hub.choices import DiscussionStatus

from .factories import DiscussionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(hub_index):
    return DiscussionPageFactory(
        parent=hub_index,
        opens_on=datetime.date(2026, 9, 1),
        closes_on=datetime.date(2026, 9, 30),
        response_due_on=datetime.date(2026, 10, 31),
    )


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (datetime.date(2026, 10, 30), 0),
        (datetime.date(2026, 10, 31), 0),
        (datetime.date(2026, 11, 1), 1),
        (datetime.date(2026, 11, 28), 28),
    ],
)
def test_overdue_at_the_edges(closed, today, days):
    assert closed.overdue_days(today) == days


def test_status_through_the_dates(closed):
    assert closed.status(datetime.date(2026, 8, 31)) == DiscussionStatus.UPCOMING
    assert closed.status(datetime.date(2026, 9, 1)) == DiscussionStatus.OPEN
    assert closed.status(datetime.date(2026, 9, 30)) == DiscussionStatus.OPEN
    assert closed.status(datetime.date(2026, 10, 1)) == DiscussionStatus.CLOSED


def test_a_published_response_is_never_overdue(closed):
    closed.response = "<p>We will.</p>"
    closed.response_published_on = datetime.date(2026, 11, 20)
    assert closed.overdue_days(datetime.date(2026, 11, 28)) == 0
    assert closed.status(datetime.date(2026, 11, 28)) == DiscussionStatus.RESPONDED


def test_overdue_shows_on_the_page_the_index_and_the_admin(client, closed, hub_index, settings):
    from django.utils import timezone

    days = (timezone.localdate() - closed.response_due_on).days
    assert days > 0
    expected = f"overdue by {days} day"
    assert expected in client.get(closed.url).content.decode().lower()
    assert expected in client.get(hub_index.url).content.decode().lower()
    from ..livewall.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    from django.urls import reverse

    assert expected in client.get(reverse("hub_moderation:index")).content.decode().lower()
