"""Sign-up without an account for events with a capacity, and the waiting list.

Owns the `Registration` rows (`models.py`, app label `events`), the one way in and through
(`services.py`: register, cancel, promote, each in one transaction that locks the event row, so two
people can never both take the last place), signed cancel links (`tokens.py`), the public form and
its views (`forms.py`, `views.py`, reached through EventPage's routes), e-mails as tasks queued after
commit (`emails.py`, `tasks.py`: plain text, the event's .ics attached), the day-before reminder
(`reminders.py`, run by `manage.py send_event_reminders`) and the organisers' attendee list and CSV
in the admin (`admin_views.py`, registered in events/wagtail_hooks.py).

May import `events.choices`, `events.ics`, `events.timing`, `portal.public_input` and the page
models (`events.models`, only at call time in services and views). Attendees' details (name,
e-mail, accessibility needs) leave this package only by e-mail to the attendee and in the admin.
"""
