"""When the embedded poller starts (only in the Daphne server with PORTAL_EMBEDDED_POLLER=1)."""

import subprocess
import sys

from django.conf import settings

from livewall.sources.embedded import should_start

DAPHNE_MODULES = {"daphne.server": object()}


def test_starts_in_daphne_with_the_flag():
    assert should_start({"PORTAL_EMBEDDED_POLLER": "1"}, [".venv/bin/daphne", "portal.asgi:application"], DAPHNE_MODULES)


def test_not_without_the_flag_or_outside_daphne():
    daphne = [".venv/bin/daphne", "portal.asgi:application"]
    assert not should_start({}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "0"}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "migrate"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "livewall_poll"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, daphne, {**DAPHNE_MODULES, "pytest": object()})


def test_management_commands_do_not_start_it():
    """A real `manage.py check` with the flag set starts no poller thread or task."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, threading, os;"
            "os.environ['PORTAL_EMBEDDED_POLLER'] = '1';"
            "django.setup();"
            "from livewall.sources import embedded;"
            "print('started' if embedded._started else 'not started')",
        ],
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip().endswith("not started"), result.stderr
