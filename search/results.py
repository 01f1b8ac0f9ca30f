"""How a search result is shown: what kind of thing it is, in visitors' words, and a snippet of its
text around the first word that matched (the words from search.terms, marked by the template)."""

import html
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField, StreamField

from search.terms import search_terms

# Page types by model name, as visitors would call them (the admin's names are editors' words).
KINDS = {
    "homepage": pgettext_lazy("kind of search result", "Page"),
    "standardpage": pgettext_lazy("kind of search result", "Page"),
    "eventindexpage": pgettext_lazy("kind of search result", "Events"),
    "eventpage": pgettext_lazy("kind of search result", "Event"),
    "resourceindexpage": pgettext_lazy("kind of search result", "Resources"),
    "resourcepage": pgettext_lazy("kind of search result", "Resource"),
    "hubindexpage": pgettext_lazy("kind of search result", "Discussions"),
    "discussionpage": pgettext_lazy("kind of search result", "Discussion"),
}
# Fields a snippet may come from, best first; any a page type lacks are skipped.
TEXT_FIELDS = ("search_description", "summary", "introduction", "question", "intro", "hero_text", "body")
SNIPPET_WORDS_BEFORE = 8
SNIPPET_CHARACTERS = 220


@dataclass
class Snippet:
    before: str
    match: str
    after: str


@dataclass
class Result:
    page: object
    kind: str
    snippet: Snippet | None


def kind_of(page):
    return KINDS.get(page._meta.model_name, KINDS["standardpage"])


def plain_text(page, name):
    """The field's text as a reader sees it: rich text and blocks without their markup; plain text
    fields as written (the template escapes them)."""
    value = getattr(page, name, None)
    if not value:
        return ""
    try:
        field = page._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    text = str(value)
    if isinstance(field, RichTextField | StreamField):
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def snippet(page, terms):
    """The text around the first matching word of the page's best field; else its first text."""
    texts = [plain_text(page, name) for name in TEXT_FIELDS]
    texts = [text for text in texts if text]
    if not texts:
        return None
    if terms:
        pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE)
        for text in texts:
            found = pattern.search(text)
            if found:
                words_before = text[: found.start()].split()
                before = " ".join(words_before[-SNIPPET_WORDS_BEFORE:])
                if words_before[:-SNIPPET_WORDS_BEFORE]:
                    before = "… " + before
                if before:
                    before += " " if text[found.start() - 1].isspace() else ""
                after = Truncator(text[found.end() :]).chars(SNIPPET_CHARACTERS - len(before))
                return Snippet(before, found.group(0), after)
    return Snippet(Truncator(texts[0]).chars(SNIPPET_CHARACTERS), "", "")


def shown(pages, query):
    terms = search_terms(query).split()
    return [Result(page, kind_of(page), snippet(page, terms)) for page in pages]
