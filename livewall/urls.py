"""The live wall's people-facing pages, served in every language (portal/urls.py includes them in
`i18n_patterns`: English unprefixed, Welsh under /cy/, Arabic under /ar/). Links, forms and
redirects made with `reverse` keep the visitor's prefix. The machine endpoints are in api_urls."""

from django.urls import path

from livewall.intake import views as intake_views
from livewall.intake import vote_views
from livewall.pages import archive, views

app_name = "livewall"

urlpatterns = [
    path("walls/<slug:slug>/", views.participant, name="participant"),
    path("walls/<slug:slug>/post/", intake_views.contribute, name="contribute"),
    path("walls/<slug:slug>/screen/", views.screen, name="screen"),
    path("walls/<slug:slug>/archive/", archive.archive, name="archive"),
    path("walls/<slug:slug>/text/", views.text_view, name="text"),
    path("walls/<slug:slug>/mine/<str:token>/", views.post_status, name="post_status"),
    path("walls/<slug:slug>/questions/<int:post_id>/vote/", vote_views.vote, name="vote"),
]
