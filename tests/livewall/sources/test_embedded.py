"""When the embedded poller starts (only in the Daphne server with PORTAL_EMBEDDED_POLLER=1)."""

from livewall.sources.embedded import should_start

DAPHNE_MODULES = {"daphne.server": object()}


def test_starts_in_daphne_with_the_flag():
    daphne = [".venv/bin/daphne", "portal.asgi:application"]
    assert should_start({"PORTAL_EMBEDDED_POLLER": "1"}, daphne, DAPHNE_MODULES)


def test_not_without_the_flag_or_outside_daphne():
    daphne = [".venv/bin/daphne", "portal.asgi:application"]
    assert not should_start({}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "0"}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "migrate"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "livewall_poll"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, daphne, {**DAPHNE_MODULES, "pytest": object()})
