"""The ASGI application a benchmark server process runs: the portal's own application, plus
a few `/__bench/` HTTP hooks and the baseline socket route. Never mounted by `portal.asgi`.

- `GET /__bench/ping`: readiness.
- `POST /__bench/accept?slug=...&text=...`: `livewall.intake.services.accept` for a contribution, the
  very service the contribution form calls (validate, save, commit, broadcast on commit).
- `POST /__bench/baseline?seq=...&text=...`: one `group_send` for the stock baseline consumer.
- `GET /__bench/seq?slug=...`: the wall's last seq, read from the database.
- `GET /__bench/reads`: what this process asked the database since it started (JSON): every query,
  and the calls of the viewer sockets' catch-up (`livewall.stream.catchup.catch_up`, the replay of
  missed events) and snapshot reads. Counted by wrapping those two functions and by an
  execute_wrapper on every database connection, here only: livewall's code is unchanged.

With BENCH_STOCK_GC=1 (the baseline's server processes) the collector is put back to CPython's defaults.
"""

import json
import os
import re
from collections import Counter
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


class Reads:
    """What the process asked the database (GET /__bench/reads): the reconnect storm's figure."""

    queries = 0
    catch_ups = 0
    snapshots = 0
    by_table = Counter()  # the first table a query names: where the queries go

    @classmethod
    def as_json(cls):
        return json.dumps(
            {
                "queries": cls.queries,
                "catch_ups": cls.catch_ups,
                "snapshots": cls.snapshots,
                "queries_by_table": dict(cls.by_table.most_common(8)),
            }
        )


FIRST_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def count_queries(execute, sql, params, many, context):
    Reads.queries += 1
    table = FIRST_TABLE.search(sql)
    Reads.by_table[table.group(1) if table else sql.split(None, 1)[0].upper()] += 1
    return execute(sql, params, many, context)


def count_reads():
    from django.db.backends.signals import connection_created

    from livewall.stream import catchup, relay

    def on_connection(sender, connection, **kwargs):
        # Sent at every (re)connect of the same per-thread wrapper: install the counter once.
        if count_queries not in connection.execute_wrappers:
            connection.execute_wrappers.append(count_queries)

    connection_created.connect(on_connection, weak=False)

    def counted(function, attribute):
        def wrapper(*args, **kwargs):
            setattr(Reads, attribute, getattr(Reads, attribute) + 1)
            return function(*args, **kwargs)

        return wrapper

    # Looked up on the module at call time by the viewer socket (livewall/consumers/in_order.py); the
    # relay's own replay imported the name, so its copy is wrapped too.
    catchup.catch_up = counted(catchup.catch_up, "catch_ups")
    catchup.snapshot = counted(catchup.snapshot, "snapshots")
    relay.catch_up = catchup.catch_up


count_reads()


def wall_last_seq(slug):
    from livewall.models import Wall

    return Wall.objects.filter(slug=slug).values_list("last_seq", flat=True).first()


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
    elif route == "/__bench/reads":
        await respond(send, 200, Reads.as_json().encode())
    elif route == "/__bench/seq":
        query = parse_qs(scope.get("query_string", b"").decode())
        await respond(send, 200, str(await database_sync_to_async(wall_last_seq)(query["slug"][0])).encode())
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
