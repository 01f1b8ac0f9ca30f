"""Sign-up e-mails as tasks (django_tasks: immediate in the embedded set-up, the database worker in
scale-out). Tasks take ids and re-read the row: one that runs late finds the registration as it is
now (a "you have a place" for a place since cancelled is not sent)."""

from django_tasks import task

from .emails import build_message
from .models import Registration, RegistrationStatus

CONFIRMED = "signup_confirmed"
WAITING = "signup_waiting"
PROMOTED = "signup_promoted"
REMINDER = "signup_reminder"

# The status a registration must still have for each message to make sense.
STATUS_FOR = {
    CONFIRMED: RegistrationStatus.CONFIRMED,
    WAITING: RegistrationStatus.WAITING,
    PROMOTED: RegistrationStatus.CONFIRMED,
    REMINDER: RegistrationStatus.CONFIRMED,
}
WITH_CALENDAR = {CONFIRMED, PROMOTED, REMINDER}


@task()
def send_signup_email(registration_id, kind):
    registration = (
        Registration.objects.select_related("event").filter(pk=registration_id, status=STATUS_FOR[kind]).first()
    )
    if registration is None:
        return "nothing to send"
    build_message(registration, kind, attach_calendar=kind in WITH_CALENDAR).send()
    return "sent"
