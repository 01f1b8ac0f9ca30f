"""Language tags (BCP 47) as the platforms send them, made safe to store, filter by and put in `lang`.

`normalise` keeps the language, script and region of a well-formed tag, written the way RFC 5646
recommends (`en-GB`, `zh-Hant-TW`, `sr-Latn`), and answers "" for anything else: no value, a tag that
says nothing about the language (`und` undetermined, `zxx` no linguistic content, `mul` several,
X's private `qme`/`qht`/… codes), a malformed or over-long value. Variants and extensions (`-u-ca-…`)
are dropped: they never change which language the text is in. A few retired codes that platforms
still send are replaced by their current ones (`iw` -> `he`, `in` -> `id`).

`direction` says which way a language is written, for `dir` beside `lang`.
"""

import re

from django.utils.translation import get_language_info

# RFC 5646 asks software to handle tags of at least 35 characters; nothing longer is read at all, so
# a 10,000-character query parameter costs nothing.
MAX_INPUT_LENGTH = 35
MAX_LENGTH = 12  # language (3) - script (4) - region (3): what normalise keeps

# language [-script] [-region] [-anything well formed, dropped]
TAG = re.compile(
    r"(?P<language>[a-z]{2,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?:-[a-z0-9]{1,8})*\Z",
    re.ASCII,
)
NO_LANGUAGE = {"und", "zxx", "mul", "mis"}
# qaa..qtz are reserved for private use: X marks posts of only media, hashtags, mentions... with them.
PRIVATE_USE = re.compile(r"q[a-t][a-z]\Z", re.ASCII)
RETIRED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

RIGHT_TO_LEFT_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr"}
# Written right to left but unknown to Django's LANG_INFO.
RIGHT_TO_LEFT_LANGUAGES = {"dv", "ps", "sd", "yi", "syr", "prs", "nqo"}


def normalise(value):
    """A platform's or a form's language value -> a tag like `cy`, `en-GB`, or "" when unknown."""
    if not isinstance(value, str):
        return ""
    value = value.strip().replace("_", "-").lower()
    if not value or len(value) > MAX_INPUT_LENGTH:
        return ""
    match = TAG.match(value)
    if match is None:
        return ""
    language = RETIRED.get(match["language"], match["language"])
    if language in NO_LANGUAGE or PRIVATE_USE.match(language):
        return ""
    parts = [language]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


def primary(tag):
    """`en-GB` -> `en`."""
    return tag.split("-", 1)[0]


def direction(tag):
    """ "rtl" or "ltr" for a normalised tag, "" when there is none."""
    if not tag:
        return ""
    subtags = tag.lower().split("-")
    if len(subtags) > 1 and len(subtags[1]) == 4:
        return "rtl" if subtags[1] in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    if subtags[0] in RIGHT_TO_LEFT_LANGUAGES:
        return "rtl"
    try:
        return "rtl" if get_language_info(subtags[0])["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def english_label(tag):
    """ "Welsh (cy-GB)" (Django's name of the language, for the admin), or the tag alone when Django
    does not know it."""
    try:
        return f"{get_language_info(primary(tag))['name']} ({tag})"
    except KeyError:
        return tag
