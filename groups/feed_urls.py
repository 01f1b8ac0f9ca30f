"""The directory's machine addresses: feeds and the CSV export, one address whatever the language
(portal/urls.py includes them outside i18n_patterns; a /cy/ version answers 404)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import exports, feeds

app_name = "groups_feeds"

urlpatterns = [
    path("groups/export.csv", exports.csv_response, name="export_csv"),
    # Feeds answer any method unless told: GET and HEAD only (portal.http_methods).
    path("groups/feed/rss/", require_safe(feeds.NewListingsRss()), name="feed_rss"),
    path("groups/feed/atom/", require_safe(feeds.NewListingsAtom()), name="feed_atom"),
]
