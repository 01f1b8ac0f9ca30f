"""The same page in every interface language (docs/languages.md): what the language switcher, the
hreflang alternates and the "not yet translated" notice show. A Wagtail page links to its translation
where an editor made one (wagtail-localize); else to the same page under the language's prefix, where
Wagtail serves the original with the interface in that language. Other views under i18n_patterns link
to their own address in each language. Imports Django and Wagtail only."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi, get_language_info, override
from wagtail.models import Locale, Page

# og:locale of each interface language (Open Graph wants language_TERRITORY).
OPEN_GRAPH_LOCALES = {"en": "en_GB", "cy": "cy_GB", "ar": "ar_AR"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language, as the switcher shows it
    url: str
    is_current: bool
    translated: bool  # False: the page is shown in its original language there


def current_language():
    return get_language() or settings.LANGUAGE_CODE


def text_direction():
    return "rtl" if get_language_bidi() else "ltr"


def open_graph_locale():
    return OPEN_GRAPH_LOCALES.get(current_language(), current_language())


def _translation(page, code, locales):
    locale = locales.get(code)
    if locale is None:
        return None
    if page.locale_id == locale.pk:
        return page
    translation = page.get_translation_or_none(locale)
    return translation if translation is not None and translation.live else None


def _is_translation(page):
    """A page in its locale's own words: not an alias wagtail-localize keeps of an untranslated page."""
    return page.alias_of_id is None


def language_links(request, page=None):
    """One link per language in settings.LANGUAGES; none for an address outside i18n_patterns."""
    if request is None:
        return []
    current = current_language()
    path = request.get_full_path()
    links = []
    locales = {}
    source_language = current  # the language `path` is in: translate_url resolves it in that language
    if isinstance(page, Page):
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        # Untranslated: the original (default-language) page under the language's prefix.
        original = _translation(page, settings.LANGUAGE_CODE, locales) or page
        query = request.META.get("QUERY_STRING", "")
        path = (original.get_url(request) or request.path) + (f"?{query}" if query else "")
        source_language = original.locale.language_code
    for code, name in settings.LANGUAGES:
        with override(source_language):
            url, translated = translate_url(path, code), True
        if isinstance(page, Page):
            translation = _translation(page, code, locales)
            if translation is not None and translation.pk != original.pk:
                # The translation's own address (its slug may be translated), not the original's.
                url = translation.get_url(request) or url
                if translation.pk == page.pk and query:
                    url += f"?{query}"
            translated = translation is not None and _is_translation(translation)
        links.append(LanguageLink(code, name, url, code == current, translated))
    if len({link.url for link in links}) < len(links):
        return []  # not under i18n_patterns (the live wall, groups): every language has one address
    return links


def localized_url(page, request=None):
    """Where a link to `page` goes in the visitor's language: its live translation, else the page
    under the language's prefix (shown with the notice), so that menus keep the visitor in Welsh."""
    current = current_language()
    localized = page.localized
    url = localized.get_url(request)
    if url and localized.locale.language_code != current:
        with override(localized.locale.language_code):
            url = translate_url(url, current)
    return url


def untranslated_notice_language(page):
    """The current language's name, in its own words, when `page` is shown in another
    language than the visitor asked for; else ''."""
    if not isinstance(page, Page):
        return ""
    current = current_language()
    if page.locale.language_code == current and _is_translation(page):
        return ""
    return dict(settings.LANGUAGES).get(current) or get_language_info(current)["name_local"]


def original_page(page):
    """The page in the default language that `page` translates (its own data: a live wall, sign-ups,
    conclusions and child pages belong to the original), else `page` itself."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    original = page.get_translation_or_none(Locale.get_default())
    return original.specific if original is not None else page


def originals(pages):
    """`pages` (a page queryset) with one page per translation: the default-language original, or a page
    that exists only in another language. Lists across the site (upcoming events, latest resources)
    show the original once, never its translations or wagtail-localize's aliases beside it."""
    default = Locale.get_default()
    translated_keys = Page.objects.filter(locale=default).values("translation_key")
    return pages.filter(alias_of__isnull=True).filter(Q(locale=default) | ~Q(translation_key__in=translated_keys))


def localized_title(page, title):
    """A link's `title` (a main menu entry's), or the title of `page`'s translation into the current
    language when one is published (not an alias): the menu says "Hafan" under /cy/."""
    localized = page.localized
    if localized.pk != page.pk and _is_translation(localized):
        return localized.title
    return title
