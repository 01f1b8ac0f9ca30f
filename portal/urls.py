from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from portal.i18n_views import javascript_catalog
from portal.sitemap import TranslatedSitemap
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("healthz/", home_views.healthz, name="healthz"),
    path("", include("livewall.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Uploaded contribution images must be reachable in the embedded set-up too; behind nginx,
    # /media/ is served by nginx before it reaches Django (docs/deployment.md).
    from django.views.static import serve

    urlpatterns += [path("media/<path:path>", require_safe(serve), {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include("groups.feed_urls")), path("", include("events.urls"))]

# Public pages in every language (docs/languages.md): English at today's addresses, Welsh under /cy/,
# Arabic under /ar/, the live wall's and the directory's pages and the JavaScript catalog included.
# Admin, API (the wall's and its QR image too), sockets, feeds, exports, sitemap, robots.txt and
# /healthz/ stay above, unprefixed.
urlpatterns += i18n_patterns(
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("", include("livewall.urls")),
    path("search/", search_views.search, name="search"),
    path("privacy/", home_views.privacy_notice, name="privacy"),
    # The directory's pages (its feeds and export are above, unprefixed: groups/feed_urls.py).
    path("", include("groups.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
