"""ASGI entry point: HTTP through Django, websockets through the live wall's routing, and the server's
lifespan (portal/lifespan.py: the embedded poller of `make run`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from livewall.routing import websocket_urlpatterns  # noqa: E402
from portal.lifespan import ServerLifespan  # noqa: E402
from portal.origin import AllowedHostsOriginCheck, SocketRoutes  # noqa: E402
from portal.startup import freeze_startup_heap  # noqa: E402

application = ServerLifespan(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginCheck(SocketRoutes(websocket_urlpatterns)),
        }
    )
)

freeze_startup_heap()
