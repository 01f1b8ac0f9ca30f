"""Sign-up without an account: the form both ways, places and the waiting list, promotion on a
cancellation, the e-mails (each exactly once, plain text, the .ics attached), the cancel link, the
guards every public form has, and the day-before reminder."""

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from events.signup import services
from events.signup.emails import cancel_url
from events.signup.models import Registration, RegistrationStatus

from .factories import RegistrationFactory, with_signups

pytestmark = pytest.mark.django_db

VALID = {"name": "Siân Roberts", "email": "sian@example.org", "places": "1", "accessibility_needs": ""}


def signup_url(event):
    return event.url + "signup/"


def sign_up(client, event, capture, **changes):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    with capture(execute=True):
        return client.post(signup_url(event), data)


def cancel_with_link(client, registration, capture):
    url = cancel_url(registration)
    token = url.split("token=", 1)[1]
    from urllib.parse import unquote

    with capture(execute=True):
        return client.post(registration.event.url + "signup/cancel/", {"token": unquote(token)})


def test_the_form_page_has_csrf_honeypot_and_is_not_cached(client, index):
    event = with_signups(parent=index)
    page = client.get(signup_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html
    assert "no-store" in page["Cache-Control"]
    assert "3 places left" in html
    # The honeypot is hidden by the stylesheet the page links (people never see it).
    assert 'class="events-hp" aria-hidden="true"' in html and "events/events.css" in html
    from django.contrib.staticfiles import finders

    assert ".events-hp { position: absolute; left: -10000px" in open(finders.find("events/events.css")).read()
    # The event page links to it.
    assert 'href="' + signup_url(event) + '"' in client.get(event.url).content.decode()


def test_a_sign_up_gets_a_place_and_one_email_with_the_event_attached(
    client, index, django_capture_on_commit_callbacks
):
    event = with_signups(parent=index)
    response = sign_up(client, event, django_capture_on_commit_callbacks, places="2", accessibility_needs="Step-free")
    assert response.status_code == 200
    assert "You have a place" in response.content.decode()
    registration = Registration.objects.get()
    assert (registration.status, registration.places, registration.accessibility_needs) == ("confirmed", 2, "Step-free")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sian@example.org"]
    assert event.title in message.subject
    assert "signup/cancel/?token=" in message.body
    assert message.content_subtype == "plain"
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    # Nothing about the attendee in the attached calendar.
    assert b"sian" not in content.lower() if isinstance(content, bytes) else "sian" not in content.lower()


def test_full_event_puts_the_next_person_on_the_waiting_list_and_a_cancellation_promotes_them(
    client, index, django_capture_on_commit_callbacks
):
    event = with_signups(parent=index, capacity=2)
    sign_up(client, event, django_capture_on_commit_callbacks, email="a@example.org")
    sign_up(Client(), event, django_capture_on_commit_callbacks, email="b@example.org")
    waiting = sign_up(Client(), event, django_capture_on_commit_callbacks, email="c@example.org")
    assert "waiting list" in waiting.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"a@example.org": "confirmed", "b@example.org": "confirmed", "c@example.org": "waiting"}
    assert "The event is full" in Client().get(signup_url(event)).content.decode()
    assert [m.to[0] for m in mail.outbox] == ["a@example.org", "b@example.org", "c@example.org"]
    assert "waiting list" in mail.outbox[2].subject
    assert mail.outbox[2].attachments == []

    mail.outbox.clear()
    first = Registration.objects.get(email="a@example.org")
    response = cancel_with_link(Client(), first, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Cancelled" in response.content.decode()
    promoted = Registration.objects.get(email="c@example.org")
    assert promoted.status == RegistrationStatus.CONFIRMED and promoted.promoted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["c@example.org"]
    assert "came free" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][2] == "text/calendar"
    # The same link again: nothing more happens, nobody else is told.
    again = cancel_with_link(Client(), first, django_capture_on_commit_callbacks)
    assert "Already cancelled" in again.content.decode()
    assert len(mail.outbox) == 1


def test_promotion_is_first_come_first_served_and_a_party_that_does_not_fit_waits(index):
    event = with_signups(parent=index, capacity=2)
    confirmed = RegistrationFactory(event=event, places=1)
    RegistrationFactory(event=event, places=1)
    big_party = RegistrationFactory(event=event, places=2, status="waiting")
    behind = RegistrationFactory(event=event, places=1, status="waiting")
    assert services.cancel(event, confirmed.pk, confirmed.email) == services.CancelOutcome.CANCELLED
    # One place is free; the party of two ahead does not fit, and the single behind it does not jump.
    big_party.refresh_from_db()
    behind.refresh_from_db()
    assert (big_party.status, behind.status) == ("waiting", "waiting")


def test_a_cancel_link_only_cancels_after_a_post_and_a_changed_link_is_refused(client, index):
    event = with_signups(parent=index)
    registration = RegistrationFactory(event=event)
    url = cancel_url(registration)
    page = client.get(url)
    assert page.status_code == 200 and "Yes, cancel" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    forged = client.post(event.url + "signup/cancel/", {"token": "x" + url.split("token=")[1]})
    assert forged.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_link_for_another_event_cancels_nothing(client, index):
    event, other = with_signups(parent=index), with_signups(parent=index)
    registration = RegistrationFactory(event=event)
    from events.signup.tokens import make_token

    response = client.post(other.url + "signup/cancel/", {"token": make_token(registration)})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "This field is required"),
        ({"email": "not-an-address"}, "valid email"),
        ({"places": "9"}, "choose from 1 to 4 places"),
        ({"name": "x" * 121}, "keep your name to 120 characters"),
        ({"accessibility_needs": "y" * 1001}, "keep this to 1000 characters"),
    ],
)
def test_invalid_forms_are_refused_clearly_and_store_nothing(
    client, index, changes, message, django_capture_on_commit_callbacks
):
    event = with_signups(parent=index)
    response = sign_up(client, event, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Registration.objects.count() == 0 and mail.outbox == []


def test_the_honeypot_refuses_and_stores_nothing(client, index, django_capture_on_commit_callbacks):
    event = with_signups(parent=index)
    response = sign_up(client, event, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 400
    assert Registration.objects.count() == 0 and mail.outbox == []


def test_csrf_is_enforced(index):
    event = with_signups(parent=index)
    client = Client(enforce_csrf_checks=True)
    assert client.post(signup_url(event), VALID).status_code == 403
    assert Registration.objects.count() == 0


def test_rate_limited_per_browser_then_per_address(client, index, settings, django_capture_on_commit_callbacks):
    settings.EVENT_SIGNUP_RATE_PER_BROWSER = (2, 86400)
    settings.EVENT_SIGNUP_RATE_PER_ADDRESS = (3, 86400)
    event = with_signups(parent=index, capacity=50)
    assert sign_up(client, event, django_capture_on_commit_callbacks).status_code == 200
    assert sign_up(client, event, django_capture_on_commit_callbacks).status_code == 200
    limited = sign_up(client, event, django_capture_on_commit_callbacks)
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert sign_up(Client(), event, django_capture_on_commit_callbacks).status_code == 200
    assert sign_up(Client(), event, django_capture_on_commit_callbacks).status_code == 429
    assert Registration.objects.count() == 3


@pytest.mark.parametrize("changes", [{"takes_signups": False}, {"status": "cancelled"}, {"status": "postponed"}])
def test_no_sign_up_when_the_event_does_not_take_them(client, index, changes, django_capture_on_commit_callbacks):
    event = with_signups(parent=index, **changes)
    response = sign_up(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert Registration.objects.count() == 0
    assert signup_url(event) not in client.get(event.url).content.decode()


def test_the_reminder_goes_once_to_each_place_at_tomorrows_events(index, django_capture_on_commit_callbacks):
    tomorrow = with_signups(parent=index)  # the factory's events start tomorrow at 10:00
    import datetime

    later = with_signups(parent=index, start=tomorrow.start + datetime.timedelta(days=3))
    RegistrationFactory(event=tomorrow, email="going@example.org")
    RegistrationFactory(event=tomorrow, email="waiting@example.org", status="waiting")
    RegistrationFactory(event=tomorrow, email="cancelled@example.org", status="cancelled")
    RegistrationFactory(event=later, email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=__import__("io").StringIO())
    assert [m.to for m in mail.outbox] == [["going@example.org"]]
    assert mail.outbox[0].subject.startswith("Tomorrow")
    assert mail.outbox[0].attachments[0][2] == "text/calendar"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_the_confirmation_goes_through_a_real_smtp_server(client, index, settings, django_capture_on_commit_callbacks):
    from ..support.ports import wait_for
    from ..support.smtp import SmtpServer

    event = with_signups(parent=index)
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.DEFAULT_FROM_EMAIL = "events@portal.example"
        sign_up(client, event, django_capture_on_commit_callbacks)
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="the confirmation delivered")
    message = smtp.messages[0]["message"]
    assert smtp.messages[0]["to"] == ["sian@example.org"]
    assert message["From"] == "events@portal.example"
    assert event.title in message.get_body(preferencelist=("plain",)).get_content()
    calendars = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert icalendar.Calendar.from_ical(calendars[0].get_content()).walk("VEVENT")
