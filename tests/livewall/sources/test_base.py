"""The shared HTTP error mapping and rate-limit header parsing (livewall.sources.base)."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug import Response

from livewall.models import WallSource
from livewall.sources import base
from livewall.sources.registry import source_for
from tests.livewall.factories import WallSourceFactory

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("120", NOW + timedelta(seconds=120)),  # Retry-After seconds
        ("1795600000", datetime.fromtimestamp(1795600000, tz=UTC)),  # X / Bluesky epoch seconds
        ("2026-11-25T10:05:00.000Z", datetime(2026, 11, 25, 10, 5, tzinfo=UTC)),  # Mastodon ISO 8601
        ("Wed, 25 Nov 2026 10:07:00 GMT", datetime(2026, 11, 25, 10, 7, tzinfo=UTC)),  # HTTP date
        ("soon", None),
        ("", None),
    ],
)
def test_parse_reset(value, expected):
    assert base.parse_reset(value, now=NOW) == expected


@pytest.mark.parametrize("kind", [WallSource.Kind.X, WallSource.Kind.BLUESKY, WallSource.Kind.MASTODON])
def test_every_connector_gives_up_on_a_slow_server(wall, second_server, settings, kind):
    settings.LIVEWALL_HTTP_TIMEOUT = 0.3
    settings.LIVEWALL_X_BEARER_TOKEN = "token"

    def slow(_request):
        time.sleep(1)
        return Response(json.dumps({}), content_type="application/json")

    second_server.expect_request("").respond_with_handler(slow)
    config = WallSourceFactory(wall=wall, kind=kind, base_url=second_server.url_for("").rstrip("/"))
    started = time.monotonic()
    with pytest.raises(base.SourceError, match="no answer within 0.3 s"):
        source_for(config).run({})
    assert time.monotonic() - started < 0.9


def test_an_unknown_kind_is_a_source_error(wall):
    config = WallSourceFactory.build(wall=wall, kind="myspace")
    with pytest.raises(base.SourceError, match="Unknown source kind"):
        source_for(config)


def test_an_unreachable_server_is_a_source_error(wall):
    from tests.livewall.layer import closed_port

    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url=f"http://127.0.0.1:{closed_port()}/f.xml")
    with pytest.raises(base.SourceError, match="Feed: ConnectError"):
        source_for(config).run({})
