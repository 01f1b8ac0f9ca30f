"""'Add your event': a group without an account proposes an event; it lands as a draft EventPage in
Wagtail's moderation workflow and nowhere public before an editor publishes it; the proposer hears
once when it is published or declined. The guards every public form has."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import WorkflowState

from events.models import EventPage
from events.proposals.models import EventProposal

from .factories import admin_user

pytestmark = pytest.mark.django_db

START = (timezone.localtime() + datetime.timedelta(days=10)).replace(hour=14, minute=0, second=0, microsecond=0)
VALID = {
    "title": "Allotment open day",
    "summary": "Tour the plots, swap seeds and try the compost toilet.",
    "description": "Bring boots.\n\nTea <b>free</b>.",
    "start": START.strftime("%Y-%m-%dT%H:%M"),
    "end": (START + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    "format": "in_person",
    "venue_name": "Northfield Allotments",
    "venue_address": "Mill Lane",
    "venue_postcode": "WS4 1AA",
    "group_name": "Northfield Growers",
    "proposer_name": "Priya Allotment-Keeper",
    "proposer_email": "priya.private@example.org",
}


def propose(client, index, capture=None, **changes):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    return client.post(index.url + "propose/", data)


def test_the_form_has_csrf_and_a_honeypot_and_is_not_cached(client, index):
    page = client.get(index.url + "propose/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html
    assert "no-store" in page["Cache-Control"]


def test_a_proposal_lands_as_a_draft_in_moderation_and_nowhere_public(client, index):
    response = propose(client, index)
    assert response.status_code == 200, response.content.decode()[:3000]
    event = EventPage.objects.get(title="Allotment open day")
    assert not event.live and event.get_parent().specific == index
    assert "&lt;b&gt;free&lt;/b&gt;" in str(event.get_latest_revision_as_object().body)
    state = WorkflowState.objects.get(object_id=str(event.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    proposal = EventProposal.objects.get()
    assert (proposal.page, proposal.proposer_email, proposal.group_name) == (
        event,
        "priya.private@example.org",
        "Northfield Growers",
    )
    for url in [
        index.url,
        index.url + "calendar.ics",
        index.url + "feed/",
        "/",
        "/sitemap.xml",
        "/search/?query=Allotment",
    ]:
        body = Client().get(url).content.decode()
        assert "Allotment open day" not in body, url
    assert Client().get(index.url + event.slug + "/").status_code == 404
    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes, field_message",
    [
        ({"title": ""}, "This field is required"),
        ({"end": START.strftime("%Y-%m-%dT%H:%M")}, "must end after it starts"),
        ({"venue_name": ""}, "needs a venue"),
        ({"format": "online", "venue_name": ""}, "needs a joining link"),
        ({"proposer_email": "nope"}, "valid email"),
        ({"description": "x" * 5001}, "keep this to 5000 characters"),
    ],
)
def test_invalid_proposals_are_refused_clearly_and_store_nothing(client, index, changes, field_message):
    response = propose(client, index, **changes)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert EventProposal.objects.count() == 0
    assert not EventPage.objects.filter(title="Allotment open day").exists()


def test_honeypot_csrf_and_rate_limits(client, index, settings):
    assert propose(client, index, website="http://spam.example").status_code == 400
    assert Client(enforce_csrf_checks=True).post(index.url + "propose/", VALID).status_code == 403
    assert EventProposal.objects.count() == 0
    settings.EVENT_PROPOSAL_RATE_PER_BROWSER = (2, 86400)
    settings.EVENT_PROPOSAL_RATE_PER_ADDRESS = (3, 86400)
    browser = Client()
    assert propose(browser, index).status_code == 200
    assert propose(browser, index).status_code == 200
    assert propose(browser, index).status_code == 429
    assert propose(Client(), index).status_code == 200
    assert propose(Client(), index).status_code == 429
    assert EventProposal.objects.count() == 3


def test_the_proposer_hears_once_when_an_editor_publishes_it(client, index, django_capture_on_commit_callbacks):
    propose(client, index)
    event = EventPage.objects.get(title="Allotment open day")
    with django_capture_on_commit_callbacks(execute=True):
        event.get_latest_revision().publish()
    assert [m.to for m in mail.outbox] == [["priya.private@example.org"]]
    assert "published" in mail.outbox[0].subject
    assert event.get_full_url() in mail.outbox[0].body
    body = Client().get(event.url).content.decode()
    assert "Allotment open day" in body
    assert "priya.private@example.org" not in body and "Allotment-Keeper" not in body
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()
    assert len(mail.outbox) == 1


def test_the_proposer_hears_once_when_an_editor_declines_it(client, index, django_capture_on_commit_callbacks):
    propose(client, index)
    event = EventPage.objects.get(title="Allotment open day")
    editor = admin_user("moderator")
    editor.is_superuser = True
    editor.save()
    state = WorkflowState.objects.get(object_id=str(event.pk))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.task.specific.on_action(state.current_task_state, editor, "reject")
    proposal = EventProposal.objects.get()
    assert proposal.outcome == "declined"
    assert [m.to for m in mail.outbox] == [["priya.private@example.org"]]
    assert "not to publish" in mail.outbox[0].body
    assert not EventPage.objects.get(pk=event.pk).live


def test_the_proposals_list_is_for_those_allowed_to_see_proposers(client, index):
    propose(client, index)
    superuser = admin_user("chief")
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    listing = client.get("/admin/events/proposals/")
    assert listing.status_code == 200
    assert "priya.private@example.org" in listing.content.decode()
    client.force_login(admin_user("editor-without-permission", edits=index))
    refused = client.get("/admin/events/proposals/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.logout()
    assert client.get("/admin/events/proposals/").status_code == 302
