"""Template helpers for texts written in a language of their own, and for links that keep the
visitor's interface language (hub.languages). Used by the hub's and the directory's templates."""

from django import template
from django.utils.html import format_html

from hub import languages

register = template.Library()


@register.simple_tag
def written_in(code):
    """` lang="cy" dir="ltr"` for an element holding text written in `code` (escaped; an unknown
    code gives nothing, so the text takes the page's language)."""
    code = languages.known_language(code)
    if not code:
        return ""
    return format_html(' lang="{}" dir="{}"', code, languages.text_direction(code))


@register.filter
def language_name(code):
    """A language's name in its own words ("Cymraeg")."""
    return languages.language_name(code)


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """{% pageurl %}, keeping the visitor's language (/cy/… under Welsh)."""
    return languages.page_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """{% routablepageurl %}, keeping the visitor's language."""
    return languages.subpage_url(page, name, *args, request=context.get("request"))
