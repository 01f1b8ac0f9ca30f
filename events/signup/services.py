"""The one way in and through for sign-ups: register, cancel, and promote from the waiting list.

Each runs in one transaction that first locks the event's row (SELECT ... FOR UPDATE on
events_eventpage), so sign-ups and cancellations of one event take turns: two people asking for the
last place at the same moment are counted one after the other, and only one gets it. E-mails are
queued after the commit (a rolled-back place sends nothing).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation

from . import tasks
from .models import Registration, RegistrationStatus

DEFAULT_MAX_PLACES = 4


def max_places():
    """The most places one sign-up may take (settings.EVENT_SIGNUP_MAX_PLACES)."""
    return getattr(settings, "EVENT_SIGNUP_MAX_PLACES", DEFAULT_MAX_PLACES)


def places_taken(event):
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).aggregate(total=Sum("places"))[
            "total"
        ]
        or 0
    )


def places_left(event):
    return max(0, (event.capacity or 0) - places_taken(event))


def source_event(event):
    """The event in the site's default language. A translation or alias of it (the same event
    under /cy/ or /ar/) shares the original's places, waiting list and sign-ups, so that nobody
    counts the same places twice."""
    from events.models import EventPage

    if event.locale.language_code == settings.LANGUAGE_CODE:
        return event
    original = EventPage.objects.filter(
        translation_key=event.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    return original or event


def _lock(event):
    from events.models import EventPage

    # of=("self",): lock only the event's own table row, not Wagtail's page row it joins.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def register(event, name, email, places=1, accessibility_needs="", language=None):
    """A place if there is room for the whole party, else a place on the waiting list. `language`
    (by default the active one, the page's) is the language of every e-mail about it."""
    with transaction.atomic():
        event = _lock(event)
        has_room = places_taken(event) + places <= (event.capacity or 0)
        registration = Registration.objects.create(
            event=event,
            name=name,
            email=email,
            places=places,
            accessibility_needs=accessibility_needs,
            language=language or translation.get_language() or "",
            status=RegistrationStatus.CONFIRMED if has_room else RegistrationStatus.WAITING,
        )
        kind = tasks.CONFIRMED if has_room else tasks.WAITING
        transaction.on_commit(lambda: tasks.send_signup_email.enqueue(registration.pk, kind))
    return registration


class CancelOutcome:
    CANCELLED = "cancelled"
    ALREADY = "already"
    GONE = "gone"


def cancel(event, registration_id, email, now=None):
    """Cancel a registration (a place or a waiting one); a freed place goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id, event=event, email__iexact=email).first()
        if registration is None:
            return CancelOutcome.GONE
        _lock(registration.event)
        registration = Registration.objects.get(pk=registration.pk)  # re-read under the lock
        if registration.status == RegistrationStatus.CANCELLED:
            return CancelOutcome.ALREADY
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promote_waiting(registration.event, now)
    return CancelOutcome.CANCELLED


def promote_waiting(event, now=None):
    """Give freed places to the waiting list in the order people joined it, each told by e-mail.

    First come, first served: when the first waiting party does not fit, nobody behind it jumps
    ahead. Call inside the transaction that holds the event's lock (cancel does)."""
    now = now or timezone.now()
    free = (event.capacity or 0) - places_taken(event)
    promoted = []
    for waiting in Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    ):
        if waiting.places > free:
            break
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at"])
        free -= waiting.places
        promoted.append(waiting.pk)
    for pk in promoted:
        transaction.on_commit(lambda pk=pk: tasks.send_signup_email.enqueue(pk, tasks.PROMOTED))
    return promoted
