"""Language tags from platforms and forms: kept when they name a language, written the standard way,
and "" for anything else (never an error, never more than a short tag)."""

import pytest

from portal import language_tags


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("cy", "cy"),
        ("EN", "en"),
        ("en-gb", "en-GB"),
        ("en_GB", "en-GB"),
        (" pt-br ", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("sr-LATN", "sr-Latn"),
        ("es-419", "es-419"),
        ("yue", "yue"),
        ("en-GB-u-ca-gregory", "en-GB"),  # an extension says nothing about the language: dropped
        ("de-1996", "de"),  # a variant likewise
        ("iw", "he"),  # retired codes some platforms still send
        ("in", "id"),
    ],
)
def test_a_language_tag_is_kept_in_its_standard_form(value, tag):
    assert language_tags.normalise(value) == tag


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        ["en"],
        42,
        "und",  # undetermined
        "zxx",  # no linguistic content
        "mul",
        "qme",  # X: media only (private use codes qaa..qtz)
        "qht",
        "English",
        "english (uk)",
        "e",
        "en-",
        "-en",
        "en--gb",
        "x-private",
        "i-klingon",
        "en\x00",
        '"en"',
        "en gb",
        "en-" + "x" * 40,  # over-long
        "en" * 5000,
        "ｅｎ",  # full-width letters
        "én",
    ],
)
def test_anything_else_is_an_unknown_language(value):
    assert language_tags.normalise(value) == ""


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("ar-EG", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("yi", "rtl"), ("ps", "rtl")]
    + [("az-Arab", "rtl"), ("ar-Latn", "ltr"), ("cy", "ltr"), ("en-GB", "ltr"), ("tlh", "ltr"), ("", "")],
)
def test_direction(tag, direction):
    assert language_tags.direction(tag) == direction


def test_english_label_names_the_language_for_the_admin():
    assert language_tags.english_label("cy-GB") == "Welsh (cy-GB)"
    assert language_tags.english_label("tlh") == "tlh"
