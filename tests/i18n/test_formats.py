"""The portal's English is British English: dates read day first, as before the languages arrived."""

import datetime

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
