"""/sitemap.xml: every live, public page in each language it is translated into (docs/languages.md),
each with its hreflang alternates, as the page's <head> lists them. Never an alias that wagtail-localize
keeps of an untranslated page, nor an untranslated page under another language's prefix: both are
duplicates of the original."""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        in_a_tree = Q()
        for home in root.get_translations(inclusive=True):
            in_a_tree |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(in_a_tree, alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        alternates = self._alternates(items)
        urls = []
        last_mods = set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                url_info["alternates"] = alternates.get(item.translation_key, [])
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, items):
        """{translation_key: [{lang_code, location}, …, x-default]} for pages in more than one language."""
        translations = {}
        pages = (
            Page.objects.filter(translation_key__in={item.translation_key for item in items}, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()  # the page models' own addresses (portal.canonical: on PORTAL_BASE_URL)
        )
        for page in pages:
            translations.setdefault(page.translation_key, []).append(page)
        alternates = {}
        for key, pages in translations.items():
            if len(pages) < 2:
                continue
            links = [
                {"lang_code": page.locale.language_code, "location": page.get_full_url(self.request)} for page in pages
            ]
            default = [link["location"] for link in links if link["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                links.append({"lang_code": "x-default", "location": default[0]})
            alternates[key] = links
        return alternates
