"""One production server: what requirements.txt installs is what the Procfile, the systemd units in
deploy/, `make run`, the README and docs/deployment.md start, and what the real-server tests run."""

import re
from importlib import metadata

from tests.support.servers import ROOT, production_server

# A command line that serves the portal: `<server program> ... portal.asgi:application`.
SERVERS = "daphne|uvicorn|hypercorn|gunicorn|granian"
SERVES_THE_PORTAL = re.compile(rf"(?:^|[\s/`])({SERVERS})\b[^\n`]*portal\.asgi:application")
UNITS = ("portal-asgi@.service", "portal-poller.service", "portal-worker.service")


def pinned(requirements_file):
    pins = {}
    for line in (ROOT / requirements_file).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower()] = match.group(3)
    return pins


def servers_started_in(path):
    return SERVES_THE_PORTAL.findall((ROOT / path).read_text())


def makefile_run_recipe():
    text = (ROOT / "Makefile").read_text()
    return re.search(r"^run:.*\n((?:\t.*\n)+)", text, flags=re.MULTILINE).group(1)


def test_the_procfile_names_the_production_server():
    assert production_server() == "uvicorn", "docs/deployment.md chose uvicorn from the benchmark"


def test_requirements_install_the_production_server_pinned():
    server = production_server()
    runtime = pinned("requirements.txt")
    assert server in runtime, f"{server} is started in production but not pinned in requirements.txt"
    # What the benchmark measured: uvicorn's httptools parser (a compiled extension; h11 otherwise).
    assert "httptools" in runtime
    assert metadata.version(server) == runtime[server], "the installed server is not the pinned one"
    twice = set(pinned("requirements-dev.txt")) & set(runtime)
    assert not twice, f"{twice} pinned twice (requirements-dev.txt -r's the runtime set)"


def test_every_command_that_serves_the_portal_uses_the_production_server():
    server = production_server()
    places = ["Procfile", "Makefile", "README.md", "docs/deployment.md", *(f"deploy/{unit}" for unit in UNITS)]
    for place in places:
        assert (ROOT / place).exists(), f"{place} is missing"
        assert set(servers_started_in(place)) <= {server}, f"{place} starts {servers_started_in(place)}"
    assert servers_started_in("deploy/portal-asgi@.service") == [server]
    assert servers_started_in("README.md"), "the README does not say how production serves the portal"


def test_make_run_serves_with_the_production_server_and_its_lifespan():
    """The embedded poller (make run without Redis) starts on the server's lifespan (portal/lifespan.py)."""
    recipe = makefile_run_recipe()
    assert servers_started_in("Makefile") == [production_server()]
    assert "--lifespan on" in recipe
    assert "PORTAL_EMBEDDED_POLLER" in recipe


def test_the_deployment_guide_shows_the_units_deploy_ships():
    guide = (ROOT / "docs/deployment.md").read_text()
    for unit in UNITS:
        text = (ROOT / "deploy" / unit).read_text().strip()
        assert text in guide, f"docs/deployment.md does not show deploy/{unit} as shipped"
    poller = (ROOT / "deploy/portal-poller.service").read_text()
    assert "manage.py livewall_poll" in poller
    assert "poller: python manage.py livewall_poll" in (ROOT / "Procfile").read_text()
