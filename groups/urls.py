"""The directory's addresses, under /groups/ (included by portal/urls.py before Wagtail's pages)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import exports, feeds, views

app_name = "groups"

urlpatterns = [
    path("groups/", views.index, name="index"),
    path("groups/new/", views.propose, name="propose"),
    path("groups/confirm/", views.confirm, name="confirm"),
    path("groups/manage/", views.manage, name="manage"),
    path("groups/manage/resend/", views.resend, name="resend"),
    path("groups/export.csv", exports.csv_response, name="export_csv"),
    # Feeds answer any method unless told: GET and HEAD only (portal.http_methods).
    path("groups/feed/rss/", require_safe(feeds.NewListingsRss()), name="feed_rss"),
    path("groups/feed/atom/", require_safe(feeds.NewListingsAtom()), name="feed_atom"),
    path("groups/<int:pk>/", views.detail, name="detail"),
]
