"""`manage.py load_demo` builds /events/ around the moment it runs, and respects editors' changes."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from events.demo import LIVE_SLUG, WELSH_EVENT, WELSH_EVENT_SLUG
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
@pytest.mark.timeout(300)  # load_demo builds the whole site (PDFs, images, pages) each time
class TestDemo:
    def test_events_around_now(self, demo, client):
        _traveller, output = demo
        assert "events: /events/ with 12 new and 0 rescheduled demo events" in output
        index = EventIndexPage.objects.get(locale__language_code="en")
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

        running = EventPage.objects.get(slug=LIVE_SLUG)
        assert running.title == "Finding Our Voice: community organisations online"
        assert running.hashtag == "findingourvoice"
        assert running.format == EventPage.Format.HYBRID
        assert [event.slug for event in events if event.is_live(now)] == [LIVE_SLUG]

        html = client.get("/events/").content.decode()
        card = html[html.index('<li class="card event-card is-live') :]
        assert "Finding Our Voice" in card.split("</li>")[0]

        # The monthly repair café: listed at each date, its page showing the next ones.
        assert html.count("Repair café</a>") >= 2
        cafe = EventPage.objects.get(slug="monthly-repair-cafe")
        assert "Every month on the" in client.get(cafe.url).content.decode()
        # The drop-in is one place from full: the next sign-up fills it.
        from events.signup.services import places_left

        assert places_left(EventPage.objects.get(slug="digital-skills-drop-in")) == 1

    @pytest.mark.timeout(600)
    def test_later_runs_add_nothing_move_untouched_events_and_keep_editors_changes(self, demo):
        traveller, _output = demo
        count = EventPage.objects.count()
        assert "with 0 new and 0 rescheduled demo events" in load_demo()
        assert EventPage.objects.count() == count

        editor = get_user_model().objects.create_user("editor", password="a-long-test-password")
        edited = EventPage.objects.get(slug="funding-surgery-small-grants")
        edited.title = "Funding surgery (new room)"
        edited.save_revision(user=editor).publish()
        edited_start = edited.start

        # Four days on, the live event has finished and the funding surgery (day 3) is over.
        traveller.shift(datetime.timedelta(days=4))
        assert not EventPage.objects.get(slug=LIVE_SLUG).is_live()
        output = load_demo()
        assert "with 0 new and" in output and "0 rescheduled" not in output
        assert EventPage.objects.get(slug=LIVE_SLUG).is_live()
        edited.refresh_from_db()
        assert edited.title == "Funding surgery (new room)"
        assert edited.start == edited_start

    @pytest.mark.timeout(600)
    def test_the_welsh_translation_moves_with_its_event(self, demo):
        traveller, _output = demo
        english = EventPage.objects.get(slug=WELSH_EVENT_SLUG)
        welsh = EventPage.objects.get(slug=WELSH_EVENT["slug"])
        assert welsh.translation_key == english.translation_key and welsh.start == english.start

        traveller.shift(datetime.timedelta(days=4))  # the funding surgery (day 3) is over: it moves
        load_demo()
        english.refresh_from_db()
        welsh.refresh_from_db()
        assert english.start > timezone.now()
        assert (welsh.start, welsh.end, welsh.title) == (english.start, english.end, WELSH_EVENT["title"])

    @pytest.mark.timeout(300)
    def test_reset_starts_over(self, demo):
        EventPage.objects.get(slug=LIVE_SLUG).delete()
        output = load_demo(reset=True)
        assert "with 12 new and 0 rescheduled demo events" in output
        assert EventPage.objects.filter(slug=LIVE_SLUG).count() == 1
