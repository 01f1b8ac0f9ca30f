"""Hub feeds: published responses (all and per topic) as RSS, closing and due dates as iCalendar;
public content only."""

import datetime

import icalendar
import pytest

from hub.choices import SubmissionStatus

from .factories import DiscussionPageFactory, submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(hub_index):
    page = DiscussionPageFactory(
        parent=hub_index,
        title="Bus routes",
        topics="Transport, Rural life",
        opens_on=datetime.date(2026, 6, 1),
        closes_on=datetime.date(2026, 6, 30),
        response_due_on=datetime.date(2026, 8, 1),
        response="<p>We will keep the <b>Sunday</b> bus.</p>",
        response_published_on=datetime.date(2026, 7, 20),
        responded_by="Cllr Jones",
    )
    submission(page, contact_email="bus-users@example.org", status=SubmissionStatus.APPROVED)
    return page


@pytest.fixture
def waiting(hub_index):
    return DiscussionPageFactory(parent=hub_index, title="Library hours", topics="Libraries")


def test_the_responses_feed_lists_only_answered_discussions(client, hub_index, answered, waiting):
    response = client.get(f"{hub_index.url}responses/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "Westbury Council responds: Bus routes" in body
    assert "We will keep the Sunday bus." in body
    assert "Library hours" not in body
    assert "@example.org" not in body


def test_a_topic_feed_keeps_to_its_topic(client, hub_index, answered):
    assert "Bus routes" in client.get(f"{hub_index.url}topics/rural-life/responses/feed/").content.decode()
    assert "Bus routes" not in client.get(f"{hub_index.url}topics/housing/responses/feed/").content.decode()


def test_the_calendar_has_closing_dates_and_unanswered_due_dates(client, hub_index, answered, waiting):
    response = client.get(f"{hub_index.url}dates/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert events["Last day to send conclusions: Bus routes"].decoded("dtstart") == datetime.date(2026, 6, 30)
    # Answered: no "response due" date any more; waiting: both.
    assert not any(s.startswith("Response due") and "Bus routes" in s for s in events)
    assert f"Response due from Westbury Council: {waiting.title}" in events
    assert all(str(e["uid"]).endswith("@community-portal") for e in events.values())
    assert b"@example.org" not in response.content.replace(b"@community-portal", b"")


def test_the_index_page_offers_both(client, hub_index, answered):
    html = client.get(hub_index.url).content.decode()
    assert f'href="{hub_index.url}responses/feed/"' in html
    assert f'href="{hub_index.url}dates/"' in html
