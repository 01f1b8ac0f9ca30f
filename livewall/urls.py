from django.urls import path

from livewall.intake import views as intake_views
from livewall.intake import vote_views
from livewall.pages import api, archive, views

app_name = "livewall"

urlpatterns = [
    path("walls/<slug:slug>/", views.participant, name="participant"),
    path("walls/<slug:slug>/post/", intake_views.contribute, name="contribute"),
    path("walls/<slug:slug>/screen/", views.screen, name="screen"),
    path("walls/<slug:slug>/qr.svg", views.qr_code, name="qr"),
    path("walls/<slug:slug>/archive/", archive.archive, name="archive"),
    path("walls/<slug:slug>/text/", views.text_view, name="text"),
    path("walls/<slug:slug>/mine/<str:token>/", views.post_status, name="post_status"),
    path("walls/<slug:slug>/questions/<int:post_id>/vote/", vote_views.vote, name="vote"),
    path("api/walls/<slug:slug>/posts/", api.posts, name="api_posts"),
]
