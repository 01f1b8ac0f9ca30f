"""Sign-up e-mails: a plain-text message, with the event's .ics attached when it confirms a place."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from events import timing
from events.ics import build_calendar, calendar_name

from .tokens import make_token


def cancel_url(registration):
    """The cancel link, on the event's page in the active language when it was translated (its
    cancel view finds the sign-up on the original)."""
    event = registration.event.localized
    path = event.reverse_subpage("signup_cancel")
    return f"{event.get_full_url()}{path}?{urlencode({'token': make_token(registration)})}"


def build_message(registration, kind, attach_calendar):
    """The message in the language the person signed up in (English for older sign-ups)."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        return _build_message(registration, kind, attach_calendar)


def _build_message(registration, kind, attach_calendar):
    event = registration.event
    # The event's published translation in the person's language when an editor made one (its
    # title and address).
    shown = event.localized
    context = {
        "registration": registration,
        "event": shown,
        "when": timing.when_text(event),
        "event_url": shown.get_full_url(),
        "cancel_url": cancel_url(registration),
    }
    subject = render_to_string(f"events/emails/{kind}_subject.txt", context).strip()
    body = render_to_string(f"events/emails/{kind}.txt", context)
    message = EmailMessage(subject, body, None, [registration.email])
    if attach_calendar:
        ics = build_calendar([event], None, calendar_name(None, event.title))
        message.attach(f"{event.slug}.ics", ics, "text/calendar")
    return message
