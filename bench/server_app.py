"""The ASGI application a benchmark server process runs: the portal's own application, plus
a few `/__bench/` HTTP hooks and the baseline socket route. Never mounted by `portal.asgi`.

- `GET /__bench/ping`: readiness.
- `POST /__bench/accept?slug=...&text=...`: `livewall.intake.services.accept` for a contribution, the
  very service the contribution form calls (validate, save, commit, broadcast on commit).
- `POST /__bench/baseline?seq=...&text=...`: one `group_send` for the stock baseline consumer.

With BENCH_STOCK_GC=1 (the baseline's server processes) the collector is put back to CPython's defaults.
"""

import os
from urllib.parse import parse_qs

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()  # before anything below imports models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.db import database_sync_to_async  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from bench.baseline import BASELINE_WS_PATH, BaselineConsumer, inject  # noqa: E402
from livewall.routing import websocket_urlpatterns  # noqa: E402
from portal.asgi import django_asgi_app  # noqa: E402
from portal.origin import AllowedHostsOriginCheck  # noqa: E402

if os.environ.get("BENCH_STOCK_GC") == "1":
    # The baseline runs as a stock Channels deployment would: CPython's default collector settings,
    # not the portal's start-up tuning (portal/startup.py), which is part of what the wall measures.
    import gc

    gc.unfreeze()
    gc.set_threshold(700, 10, 10)


def accept_contribution(slug, text):
    from livewall.intake import services
    from livewall.intake.incoming import IncomingPost
    from livewall.models import Wall

    wall = Wall.objects.get(slug=slug)
    post = services.accept(
        wall, IncomingPost(source="contribution", text=text, author_name="Bench", attending="remote")
    )
    return post.pk


async def respond(send, status, body):
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


async def bench_hooks(scope, receive, send):
    route = scope["path"]
    if route == "/__bench/ping":
        await respond(send, 200, b"ok")
    elif route == "/__bench/baseline":
        await inject(scope, receive, send)
    elif route == "/__bench/accept":
        query = parse_qs(scope.get("query_string", b"").decode())
        post_id = await database_sync_to_async(accept_contribution)(query["slug"][0], query["text"][0])
        await respond(send, 200, str(post_id).encode())
    else:
        await respond(send, 404, b"unknown bench hook")


async def http_application(scope, receive, send):
    if scope["path"].startswith("/__bench/"):
        await bench_hooks(scope, receive, send)
    else:
        await django_asgi_app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": http_application,
        # The baseline gets the stock stack (AuthMiddlewareStack around its consumer), the wall its own routes.
        "websocket": AllowedHostsOriginCheck(
            URLRouter([*websocket_urlpatterns, path(BASELINE_WS_PATH, AuthMiddlewareStack(BaselineConsumer.as_asgi()))])
        ),
    }
)
