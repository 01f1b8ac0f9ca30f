"""Every validation rule both ways: on the model (full_clean) and in the Wagtail editor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage, normalise_hashtag

from .factories import EventPageFactory

END_MESSAGE = "The event must end after it starts."
JOIN_MESSAGE = "An online or hybrid event needs a joining link, or tick &#x27;joining link sent later&#x27;."
VENUE_MESSAGE = "An in-person or hybrid event needs a venue."

# An unsaved page has no place in the tree yet; everything else is checked.
TREE_FIELDS = ["path", "depth"]
START = timezone.make_aware(datetime.datetime(2027, 3, 10, 10, 0))


def make(**fields):
    values = {
        "title": "Funding surgery",
        "slug": "funding-surgery",
        "summary": "Advice on small grants.",
        "start": START,
        "end": START + datetime.timedelta(hours=2),
        "format": EventPage.Format.IN_PERSON,
        "venue_name": "Northfield Library",
    }
    values.update(fields)
    return EventPage(**values)


def errors_of(event):
    try:
        event.full_clean(exclude=TREE_FIELDS)
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.django_db
class TestModelValidation:
    def test_a_complete_in_person_event_is_valid(self):
        assert errors_of(make()) == {}

    def test_end_must_be_after_start(self):
        assert errors_of(make(end=START))["end"] == [END_MESSAGE]
        assert errors_of(make(end=START - datetime.timedelta(minutes=1)))["end"] == [END_MESSAGE]
        assert "end" not in errors_of(make(end=START + datetime.timedelta(minutes=1)))

    @pytest.mark.parametrize("event_format", [EventPage.Format.ONLINE, EventPage.Format.HYBRID])
    def test_online_and_hybrid_need_a_joining_link_or_a_note(self, event_format):
        assert "joining_link" in errors_of(make(format=event_format))
        assert "joining_link" not in errors_of(make(format=event_format, joining_link="https://meet.example.org/x"))
        assert "joining_link" not in errors_of(make(format=event_format, joining_link_later=True))

    def test_in_person_needs_no_joining_link(self):
        assert "joining_link" not in errors_of(make(format=EventPage.Format.IN_PERSON))

    @pytest.mark.parametrize("event_format", [EventPage.Format.IN_PERSON, EventPage.Format.HYBRID])
    def test_in_person_and_hybrid_need_a_venue(self, event_format):
        errors = errors_of(make(format=event_format, venue_name="", joining_link_later=True))
        assert errors["venue_name"] == [VENUE_MESSAGE]
        assert "venue_name" not in errors_of(make(format=event_format, joining_link_later=True))

    def test_online_needs_no_venue(self):
        assert errors_of(make(format=EventPage.Format.ONLINE, venue_name="", joining_link_later=True)) == {}

    @pytest.mark.parametrize("raw", ["#FindingOurVoice", "findingourvoice", "  #FINDINGOURVOICE ", "FindingOurVoice"])
    def test_hashtags_are_stored_bare_and_lower_case(self, raw, index):
        assert normalise_hashtag(raw) == "findingourvoice"
        event = make(hashtag=raw)
        event.full_clean(exclude=TREE_FIELDS)
        assert event.hashtag == "findingourvoice"
        saved = EventPageFactory(parent=index, hashtag=raw, publish=False)
        saved.refresh_from_db()
        assert saved.hashtag == "findingourvoice"


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def edit_form(event, **changes):
    local_start = timezone.localtime(event.start)
    fields = {
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "status": event.status,
        "start": local_start.strftime("%Y-%m-%d %H:%M"),
        "end": timezone.localtime(event.end).strftime("%Y-%m-%d %H:%M"),
        "format": event.format,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "venue_postcode": event.venue_postcode,
        "joining_link": event.joining_link,
        "accessibility_notes": "",
        "organiser_entries": inline_formset([]),
        "occurrence_changes": inline_formset([]),
        "price": "",
        "hashtag": event.hashtag,
        "body": streamfield([]),
        "tags": "",
        "action-publish": "publish",
    }
    fields.update(changes)
    return nested_form_data({key: value for key, value in fields.items() if value is not False})


@pytest.mark.django_db
class TestEditorValidation:
    """The same rules through the Wagtail page editor: the message is shown and nothing is published."""

    def post(self, editor_client, event, **changes):
        url = reverse("wagtailadmin_pages:edit", args=[event.pk])
        return editor_client.post(url, edit_form(event, **changes))

    def assert_refused(self, response, event, message):
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "The page could not be saved due to validation errors" in response.content.decode()
        event.refresh_from_db()
        assert event.title == "Funding surgery"

    def test_end_before_start_is_refused_with_a_message(self, editor_client, index):
        event = EventPageFactory(parent=index, title="Funding surgery")
        earlier = timezone.localtime(event.start - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
        self.assert_refused(self.post(editor_client, event, title="Changed", end=earlier), event, END_MESSAGE)

    def test_online_without_joining_link_is_refused_with_a_message(self, editor_client, index):
        event = EventPageFactory(parent=index, title="Funding surgery")
        response = self.post(editor_client, event, title="Changed", format="online", venue_name="")
        self.assert_refused(response, event, JOIN_MESSAGE)

    def test_hybrid_without_venue_is_refused_with_a_message(self, editor_client, index):
        event = EventPageFactory(parent=index, title="Funding surgery")
        response = self.post(
            editor_client, event, title="Changed", format="hybrid", venue_name="", joining_link_later="on"
        )
        self.assert_refused(response, event, VENUE_MESSAGE)

    def test_a_valid_edit_is_published_with_the_hashtag_normalised(self, editor_client, index):
        event = EventPageFactory(parent=index, title="Funding surgery")
        response = self.post(
            editor_client,
            event,
            title="Funding surgery (new room)",
            format="hybrid",
            joining_link="https://meet.example.org/surgery",
            hashtag="#WestshireGrants",
        )
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.title == "Funding surgery (new room)"
        assert event.format == EventPage.Format.HYBRID
        assert event.hashtag == "westshiregrants"
