from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/walls/<slug:slug>/", consumers.WallConsumer.as_asgi()),
    path("ws/moderate/walls/<slug:slug>/", consumers.ModerationConsumer.as_asgi()),
]
