"""Arabic formats: Django's dates ('7 ديسمبر، 2026'), with Western digits as Django writes them, and
a decimal point: the portal's prices are in pounds, written as Arabic readers in the UK see them
('£5.00'), where Django's Arabic comma would read as a thousands separator. Event days and times
as in portal/formats/en/formats.py, on the 24-hour clock beside the zone's abbreviation."""

from django.conf.locale.ar.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

FULL_DATE_FORMAT = "j F Y"  # a date in full: "7 December 2026" (resources, repeat rules)
EVENT_DAY_FORMAT = "l j F Y"
EVENT_SHORT_DAY_FORMAT = "D j F Y"
EVENT_SHORT_DAY_NO_YEAR_FORMAT = "D j F"
EVENT_TIME_FORMAT = "H:i"
