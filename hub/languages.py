"""Languages of the hub's (and the directory's) people and texts (docs/languages.md).

Two different things, never mixed up:
- the **interface language** a person used when they sent a form (the active language then): the
  e-mails sent to them later are in it;
- the language a text is **written in** (chosen by the writer, default the interface language):
  pages mark the text with `lang` and `dir`, and lists can be filtered by it.

Codes are those of settings.LANGUAGES. A code from a query string is checked against that list
before anything else: a NUL, quotes or 10,000 characters name no language and never reach a query.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info, override

from home.languages import localized_url


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_choices():
    """(code, name in its own words) for each interface language: a writer recognises their own."""
    return list(settings.LANGUAGES)


def known_language(value):
    """`value` when it is one of settings.LANGUAGES' codes, else "" (unknown, altered or absent)."""
    return value if isinstance(value, str) and value in language_codes() else ""


def active_language():
    """The interface language of the request being served, as one of settings.LANGUAGES' codes."""
    return known_language(get_language()) or settings.LANGUAGE_CODE


def language_name(code):
    """A language's name in its own words ("Cymraeg"), or the code when it is not an interface language."""
    return dict(settings.LANGUAGES).get(code, code)


def text_direction(code):
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def email_language(row):
    """The language to write to a person in: the one they used, else the site's default."""
    return known_language(getattr(row, "interface_language", "")) or settings.LANGUAGE_CODE


def in_language(url, code):
    """An unprefixed (English) address of a people-facing page, under `code`'s prefix ("/cy/…").

    Wagtail gives an English page its English address whatever the active language; the same
    page is served in the interface language under that language's prefix."""
    with override(settings.LANGUAGE_CODE):
        return translate_url(url, code)


def page_url(page, request=None):
    """A link to a Wagtail page that keeps the visitor in their language (home.languages): its
    translation, or the page under the language's prefix. In the default language, the page's own
    address (no query for its translations: lists of pages cost the same whatever their number)."""
    if active_language() == settings.LANGUAGE_CODE:
        return page.get_url(request)
    return localized_url(page, request)


def subpage_url(page, name, *args, request=None):
    """A link to one of a routable page's routes, in the visitor's language."""
    return (page_url(page, request) or "") + page.reverse_subpage(name, args=args)
