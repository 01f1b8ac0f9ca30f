"""Security headers and cookies: the strict Content-Security-Policy on public pages, the looser one
on the admin, and the production settings (HSTS, nosniff, Referrer-Policy, secure cookies)."""

import importlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from portal.security import build_policy, policy_for_path

BASE_DIR = Path(__file__).resolve().parents[2]


def parse_csp(header):
    """ "default-src 'self'; img-src 'self' data:" -> {"default-src": ["'self'"], "img-src": [...]}"""
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def production_security_settings(monkeypatch):
    """The security-relevant values of portal.settings.production, imported with a real environment."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver,wall.example.org")
    module = importlib.import_module("portal.settings.production")
    module = importlib.reload(module)
    names = [name for name in dir(module) if name.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE", "X_FRAME"))]
    return {name: getattr(module, name) for name in names}


def test_public_policy_forbids_inline_script_and_framing():
    policy = parse_csp(policy_for_path("/walls/finding-our-voice/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert set(policy["img-src"]) == {"'self'", "data:"}  # video thumbnails too are served by the portal
    assert set(policy["frame-src"]) == {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}
    assert policy["connect-src"] == ["'self'"]  # plus the request's own socket origin (test_privacy.py)
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/django-admin/"])
def test_admin_gets_its_own_policy_still_unframeable_by_others(path):
    policy = parse_csp(policy_for_path(path))
    assert policy != parse_csp(policy_for_path("/"))
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_build_policy_keeps_directive_order():
    assert build_policy({"default-src": ["'self'"], "img-src": ["'self'", "data:"]}) == (
        "default-src 'self'; img-src 'self' data:"
    )


@pytest.mark.django_db
def test_every_response_carries_csp_and_permissions_policy(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]

    missing = client.get("/no-such-page/../etc/passwd")
    assert missing.status_code == 404
    assert parse_csp(missing["Content-Security-Policy"])["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_admin_login_page_gets_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert parse_csp(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_policy_can_be_widened_by_settings(client, settings):
    settings.PORTAL_CSP = "default-src 'none'"
    response = client.get("/robots.txt")
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.django_db
def test_production_settings_send_hsts_nosniff_referrer_policy_and_secure_cookies(
    client, monkeypatch, django_user_model
):
    production = production_security_settings(monkeypatch)
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 180
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]

    with override_settings(**production):
        insecure = client.get("/robots.txt")
        assert insecure.status_code == 301
        assert insecure["Location"] == "https://testserver/robots.txt"

        response = client.get("/robots.txt", secure=True)
        assert response.status_code == 200
        assert response["Strict-Transport-Security"].startswith(f"max-age={production['SECURE_HSTS_SECONDS']}")
        assert "includeSubDomains" in response["Strict-Transport-Security"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "unsafe-inline" not in parse_csp(response["Content-Security-Policy"])["script-src"]

        login_page = client.get("/admin/login/", secure=True)
        assert login_page.status_code == 200
        assert login_page.cookies["csrftoken"]["secure"]
        assert login_page["X-Frame-Options"] == "DENY"

        django_user_model.objects.create_superuser("boss", "boss@example.org", "a long and secret pass")
        logged_in = client.post(
            "/admin/login/", {"username": "boss", "password": "a long and secret pass"}, secure=True
        )
        assert logged_in.status_code == 302
        session_cookie = logged_in.cookies["sessionid"]
        assert session_cookie["secure"] and session_cookie["httponly"]


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/robots.txt", secure=True)
plain = client.get("/robots.txt")
print(json.dumps({"secure": dict(secure.headers), "secure_status": secure.status_code,
                  "plain_status": plain.status_code, "plain_location": plain.get("Location", "")}))
"""


def production_env(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def test_production_module_itself_sends_the_headers():
    """The real production settings module in a fresh interpreter (not an override)."""
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["secure"]
    assert probe["secure_status"] == 200
    assert probe["plain_status"] == 301 and probe["plain_location"].startswith("https://")
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = parse_csp(headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_secret_or_hosts(missing):
    env = production_env()
    env.pop(missing)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_check_deploy_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS="wall.example.org",
            PORTAL_BASE_URL="https://wall.example.org",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
