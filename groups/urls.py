"""The directory's people-facing addresses, under /groups/ in every interface language (portal/urls.py
includes them in i18n_patterns: /groups/ in English, /cy/groups/ in Welsh, /ar/groups/ in Arabic).
Its feeds and CSV export are machine addresses, unprefixed: groups/feed_urls.py."""

from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.index, name="index"),
    path("groups/new/", views.propose, name="propose"),
    path("groups/confirm/", views.confirm, name="confirm"),
    path("groups/manage/", views.manage, name="manage"),
    path("groups/manage/resend/", views.resend, name="resend"),
    path("groups/<int:pk>/", views.detail, name="detail"),
]
