from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("sitemap.xml", require_safe(sitemap), name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("privacy/", home_views.privacy_notice, name="privacy"),
    path("healthz/", home_views.healthz, name="healthz"),
    path("", include("livewall.urls")),
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

urlpatterns += [path("", include("groups.urls")), path("", include("events.urls")), path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
