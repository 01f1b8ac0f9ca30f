"""`manage.py livewall_poll` as a real process: it polls, and SIGTERM/SIGINT stop it cleanly."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from livewall.models import Post, WallSource
from tests.livewall.factories import WallFactory, WallSourceFactory
from tests.support.databases import subprocess_database_url

from .conftest import OutputReader

REPLAY_LINE = '{"offset_seconds": 0, "source": "mastodon", "external_id": "sig-1", "text": "Hello from a replay"}\n'


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
# Generous: a subprocess starting Django on a busy CI machine.
@pytest.mark.timeout(300)
@pytest.mark.django_db(transaction=True)
def test_the_poller_process_stops_cleanly_on_a_signal(tmp_path, signum):
    recording = tmp_path / "signal.jsonl"
    recording.write_text(REPLAY_LINE, encoding="utf-8")
    wall = WallFactory()
    WallSourceFactory(
        wall=wall, kind=WallSource.Kind.REPLAY, base_url="", interval_seconds=1, options={"file": str(recording)}
    )
    url = subprocess_database_url(tmp_path)
    sqlite_copy = url.removeprefix("sqlite:///") if url.startswith("sqlite:") else None
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "LIVEWALL_REPLAY_DIR": str(tmp_path),
        "LIVEWALL_OEMBED_TIMEOUT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # broadcasting is not under test here
    process = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "livewall_poll"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = OutputReader(process)
    try:
        output.wait_for("1 new")  # it really polled: the replay line went onto the wall
        process.send_signal(signum)
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    text = output.drain()
    assert process.returncode == 0, text
    assert f"Received {signal.Signals(signum).name}" in text
    assert "Live-wall poller stopped." in text
    assert "Traceback" not in text
    if sqlite_copy:
        with sqlite3.connect(sqlite_copy) as db:
            assert db.execute("SELECT external_id FROM livewall_post").fetchall() == [("replay:sig-1",)]
    else:
        assert list(Post.objects.values_list("external_id", flat=True)) == ["replay:sig-1"]
