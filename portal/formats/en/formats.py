"""English formats: Django's British English ones (see portal/formats/__init__.py), and the names
the events templates use for an event's day and time."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# An event's day, long ('Monday 7 December 2026') and short ('Mon 7 December 2026', 'Mon 7 December'),
# and its times on the 24-hour clock, as the events pages have always shown them.
FULL_DATE_FORMAT = "j F Y"  # a date in full: "7 December 2026" (resources, repeat rules)
EVENT_DAY_FORMAT = "l j F Y"
EVENT_SHORT_DAY_FORMAT = "D j F Y"
EVENT_SHORT_DAY_NO_YEAR_FORMAT = "D j F"
EVENT_TIME_FORMAT = "H:i"
