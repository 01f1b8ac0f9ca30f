"""The language switcher of the site header and the "not yet translated" notice (home/languages.py
decides the links); the <html> element's dir from `text_direction`."""

from django import template

from home import languages

register = template.Library()


@register.simple_tag
def text_direction():
    return languages.text_direction()


@register.inclusion_tag("home/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"links": languages.language_links(context.get("request"), context.get("page"))}


@register.inclusion_tag("home/includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    return {"language": languages.untranslated_notice_language(context.get("page"))}
