from django import template
from django.conf import settings
from django.utils.translation import gettext
from wagtail.models import Site

from home.languages import localized_title, localized_url
from home.models import MainMenu

register = template.Library()


# The home page in each language ("/", "/cy/", "/ar/"): never a section of every page under it.
HOME_ADDRESSES = {"", "/"} | {f"/{code}/" for code, _name in settings.LANGUAGES}


def _mark_current(items, path):
    """aria-current="page" for the exact page; a "section" mark for its ancestors (not the home page)."""
    for item in items:
        href = item["href"] or ""
        item["is_current"] = href == path
        item["in_section"] = not item["is_current"] and href not in HOME_ADDRESSES and path.startswith(href)
    return items


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The editors' main menu; when it is empty, the home page and its live children shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        menu = MainMenu.for_site(site)
        for entry in menu.items.select_related("page"):
            if entry.page is not None and not entry.page.live:
                continue
            if entry.page is not None:
                items.append(
                    {"title": localized_title(entry.page, entry.title), "href": localized_url(entry.page, request)}
                )
            else:
                items.append({"title": entry.title, "href": entry.url})
        if not items and site.root_page_id:
            root = site.root_page
            items.append({"title": gettext("Home"), "href": localized_url(root, request)})
            for child in root.get_children().live().public().in_menu():
                items.append({"title": child.localized.title, "href": localized_url(child, request)})
    return {"menu_items": _mark_current(items, request.path if request else "")}
