"""The live wall's machine endpoints, at one address in every language (no language prefix): the
posts API the page scripts poll, and the QR code image (an SVG of the English participant address)."""

from django.urls import path

from livewall.pages import api, views

app_name = "livewall_api"

urlpatterns = [
    path("walls/<slug:slug>/qr.svg", views.qr_code, name="qr"),
    path("api/walls/<slug:slug>/posts/", api.posts, name="api_posts"),
]
