"""Login throttling on /admin/ with django-axes (disabled in the test settings, enabled here)."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

PASSWORD = "the right password, at last"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def attempt(client, username, password, ip="203.0.113.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_failures_lock_the_account_from_that_address(client, editor):
    for _ in range(4):
        response = attempt(client, "editor", "wrong")
        assert response.status_code == 200  # the form again, with an error
        assert not response.wsgi_request.user.is_authenticated

    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429
    assert "too many login attempts" in locked.content.decode().lower()

    # Even the right password is refused while locked out.
    still_locked = attempt(client, "editor", PASSWORD)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start >= 5


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_does_not_spill_to_other_people_on_the_same_address(client, editor, django_user_model):
    """A venue shares one public IP: someone hammering one account must not lock out the room."""
    django_user_model.objects.create_superuser("colleague", "colleague@example.org", PASSWORD)
    for _ in range(5):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 429

    colleague = attempt(client, "colleague", PASSWORD)
    assert colleague.status_code == 302
    # Same account from another address still works (lockout is per username + address).
    client.logout()
    assert attempt(client, "editor", PASSWORD, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_success_resets_the_failure_count(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "editor", "wrong").status_code == 200
    assert attempt(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_axes_is_off_in_the_test_settings_so_other_suites_are_not_locked_out(client, editor, settings):
    assert settings.AXES_ENABLED is False
    for _ in range(8):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_lockout_keys_on_the_client_address_not_the_proxys(client, editor, monkeypatch):
    """In production every request comes from nginx (127.0.0.1): axes must use the client's address."""
    from tests.security.test_headers import production_security_settings

    production_security_settings(monkeypatch)  # imports the production module with a real environment
    from portal.settings import production

    proxied = {
        "AXES_ENABLED": True,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_CLIENT_IP_CALLABLE": production.AXES_CLIENT_IP_CALLABLE,
        "PORTAL_CLIENT_IP_HEADER": production.PORTAL_CLIENT_IP_HEADER,
    }
    with override_settings(**proxied):
        for _ in range(5):
            client.post(
                LOGIN_URL,
                {"username": "editor", "password": "wrong"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_REAL_IP="203.0.113.66",
            )
        locked = client.post(
            LOGIN_URL,
            {"username": "editor", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.66",
        )
        assert locked.status_code == 429
        elsewhere = client.post(
            LOGIN_URL,
            {"username": "editor", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="198.51.100.9",
        )
        assert elsewhere.status_code == 302
    assert AccessAttempt.objects.get(username="editor").ip_address == "203.0.113.66"
