"""Welsh formats: Django's, on the 24-hour clock (as Welsh public bodies write times), and the
event day and time names of portal/formats/en/formats.py ('Dydd Llun 7 Rhagfyr 2026, 19:30')."""

from django.conf.locale.cy.formats import *  # noqa: F403

TIME_FORMAT = "H:i"  # '14:30'
DATETIME_FORMAT = "j F Y, H:i"  # '25 Hydref 2006, 14:30'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 14:30'

FULL_DATE_FORMAT = "j F Y"  # a date in full: "7 December 2026" (resources, repeat rules)
EVENT_DAY_FORMAT = "l j F Y"
EVENT_SHORT_DAY_FORMAT = "D j F Y"
EVENT_SHORT_DAY_NO_YEAR_FORMAT = "D j F"
EVENT_TIME_FORMAT = "H:i"
