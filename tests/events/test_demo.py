"""`manage.py load_demo` builds /events/ around the moment it runs, and respects editors' changes."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from events.demo import LIVE_SLUG
from events.models import EventIndexPage, EventPage

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 11, 10))


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=True) as traveller:
        output = load_demo()
        yield traveller, output


@pytest.mark.django_db
class TestDemo:
    def test_events_around_now(self, demo):
        _traveller, output = demo
        assert "events: /events/ with 10 new and 0 rescheduled demo events" in output
        index = EventIndexPage.objects.get()
        assert index.url == "/events/"
        events = list(EventPage.objects.child_of(index).live())
        now = timezone.now()
        assert len(events) >= 8
        assert any(event.end <= now for event in events)
        assert any(event.start > now for event in events)
        assert {event.format for event in events} == set(EventPage.Format.values)
        assert {event.status for event in events} == set(EventPage.Status.values)
        for event in events:
            event.full_clean()

    def test_the_running_event(self, demo, client):
        running = EventPage.objects.get(slug=LIVE_SLUG)
        assert running.title == "Finding Our Voice: community organisations online"
        assert running.hashtag == "findingourvoice"
        assert running.format == EventPage.Format.HYBRID
        assert running.is_live(timezone.now())
        assert [event.slug for event in EventPage.objects.all() if event.is_live(timezone.now())] == [LIVE_SLUG]
        html = client.get("/events/").content.decode()
        card = html[html.index('<li class="card event-card is-live') :]
        assert "Finding Our Voice" in card.split("</li>")[0]

    def test_running_again_adds_nothing(self, demo):
        count = EventPage.objects.count()
        output = load_demo()
        assert "with 0 new and 0 rescheduled demo events" in output
        assert EventPage.objects.count() == count

    def test_a_later_run_moves_untouched_events_back_into_place(self, demo):
        traveller, _output = demo
        traveller.shift(datetime.timedelta(days=2))
        assert not EventPage.objects.get(slug=LIVE_SLUG).is_live()
        output = load_demo()
        assert "0 new and" in output and "rescheduled" in output
        assert EventPage.objects.get(slug=LIVE_SLUG).is_live()

    def test_an_editors_changes_are_never_overwritten(self, demo):
        traveller, _output = demo
        editor = get_user_model().objects.create_user("editor", password="a-long-test-password")
        event = EventPage.objects.get(slug=LIVE_SLUG)
        event.title = "Finding Our Voice (edited)"
        event.save_revision(user=editor).publish()
        start = event.start
        traveller.shift(datetime.timedelta(days=2))
        load_demo()
        event.refresh_from_db()
        assert event.title == "Finding Our Voice (edited)"
        assert event.start == start

    def test_reset_starts_over(self, demo):
        EventPage.objects.get(slug=LIVE_SLUG).delete()
        output = load_demo(reset=True)
        assert "with 10 new and 0 rescheduled demo events" in output
        assert EventPage.objects.filter(slug=LIVE_SLUG).count() == 1
