"""The portal's English is British English: dates read day first, as before the languages arrived."""

import datetime
import decimal

from django.utils import formats, translation


def test_english_dates_are_british():
    day = datetime.date(2026, 11, 28)
    with translation.override("en"):
        assert formats.date_format(day) == "28 Nov 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "28/11/2026"


def test_welsh_dates_use_welsh_formats():
    with translation.override("cy"):
        assert formats.get_format("DATE_FORMAT") == formats.get_format("DATE_FORMAT", lang="cy")
        assert "Tach" in formats.date_format(datetime.date(2026, 11, 28), "j M Y") or "Tachwedd" in formats.date_format(
            datetime.date(2026, 11, 28), "j F Y"
        )


def test_welsh_formats_are_day_month_year_on_the_24_hour_clock():
    moment = datetime.datetime(2026, 12, 7, 19, 30)
    with translation.override("cy"):
        assert formats.date_format(moment) == "7 Rhagfyr 2026"
        assert formats.time_format(moment) == "19:30"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "7 Rhagfyr 2026, 19:30"
        assert formats.date_format(moment, "EVENT_DAY_FORMAT") == "Dydd Llun 7 Rhagfyr 2026"


def test_arabic_formats_use_arabic_month_names_and_a_decimal_point():
    moment = datetime.datetime(2026, 12, 7, 19, 30)
    with translation.override("ar"):
        assert formats.date_format(moment) == "7 ديسمبر، 2026"
        assert formats.date_format(moment, "EVENT_DAY_FORMAT") == "الاثنين 7 ديسمبر 2026"
        assert formats.localize(decimal.Decimal("5.50")) == "5.50"


def test_every_language_defines_the_event_formats():
    """A format name missing from a language's module would be printed as its own name."""
    moment = datetime.datetime(2026, 12, 7, 19, 30)
    for language in ("en", "cy", "ar"):
        with translation.override(language):
            for name in (
                "FULL_DATE_FORMAT",
                "EVENT_DAY_FORMAT",
                "EVENT_SHORT_DAY_FORMAT",
                "EVENT_SHORT_DAY_NO_YEAR_FORMAT",
                "EVENT_TIME_FORMAT",
            ):
                assert "FORMAT" not in formats.date_format(moment, name), (language, name)
    with translation.override("en"):
        assert formats.date_format(moment, "EVENT_SHORT_DAY_FORMAT") == "Mon 7 December 2026"
