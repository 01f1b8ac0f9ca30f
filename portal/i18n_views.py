"""The JavaScript catalog (`/jsi18n/`, `/cy/jsi18n/`, `/ar/jsi18n/`): the `djangojs` strings of the
language the address names, with Django's `gettext`, `ngettext` and `interpolate` for the page scripts
(the live wall's client). Loaded by every phone in a room at once, so the page cache keeps it briefly
and browsers for ten minutes."""

from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from portal.pagecache import briefly_cached

# The project's catalogs are in LOCALE_PATHS (locale/), which Django always adds; naming one app keeps
# the installed apps' own catalogs (Wagtail's admin strings) out of what every phone downloads.
javascript_catalog = briefly_cached("LIVEWALL_PAGE_CACHE_SECONDS")(
    cache_control(public=True, max_age=600)(JavaScriptCatalog.as_view(packages=["livewall"]))
)
