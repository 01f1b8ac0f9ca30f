"""Events proposed by community groups without an account ("Add your event").

Owns the `EventProposal` record (`models.py`, app label `events`: who proposed which draft, their
e-mail, never public), the public form and its view (`forms.py`, `views.py`, reached through
EventIndexPage's `propose/` route), the one way in (`services.py`: a draft EventPage, never live,
submitted to Wagtail's moderation workflow), and the e-mail to the proposer when an editor
publishes or declines it (`notifications.py` receivers, `tasks.py`).

May import `events.choices`, `portal.public_input` and the page models (at call time).
"""
