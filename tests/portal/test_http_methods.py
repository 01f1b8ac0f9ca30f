"""Every public route states the methods it accepts, and answers any other with 405 and an Allow
header: a site with one page of every type and a wall, its routes discovered (the URLconf, every
live page and every routable page's sub-routes), so a new view or page type is covered as it is
added. HEAD answers wherever GET does, with the same status; no public route takes PUT, PATCH,
DELETE or TRACE."""

import pytest

from .routes import one_of_everything

pytestmark = pytest.mark.django_db

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
NEVER_PUBLIC = {"PUT", "PATCH", "DELETE", "TRACE"}


@pytest.fixture
def public_paths(home):
    return one_of_everything(home) + ["/search/?query=community"]


def allowed(response):
    return {method.strip() for method in response.get("Allow", "").split(",") if method.strip()}


def test_every_public_route_answers_only_the_methods_it_states(client, public_paths):
    client.raise_request_exception = False
    problems = []
    for path in public_paths:
        trace = client.generic("TRACE", path)
        if trace.status_code == 404:
            continue  # nothing here, whatever the method
        if trace.status_code != 405 or not allowed(trace):
            problems.append(f"TRACE {path}: {trace.status_code}, Allow={trace.get('Allow')!r}")
            continue
        stated = allowed(trace)
        if stated & NEVER_PUBLIC:
            problems.append(f"{path} states {sorted(stated & NEVER_PUBLIC)}")
        if "GET" in stated and "HEAD" not in stated:
            problems.append(f"{path} takes GET but not HEAD")
        get_status = client.get(path).status_code if "GET" in stated else None
        for method in METHODS:
            response = client.generic(method, path)
            if method not in stated and response.status_code != 405:
                problems.append(f"{method} {path}: {response.status_code} (states {sorted(stated)})")
            if method == "HEAD" and "GET" in stated and response.status_code != get_status:
                problems.append(f"HEAD {path}: {response.status_code}, GET: {get_status}")
    assert len(public_paths) > 20
    assert not problems, "\n".join(problems)
