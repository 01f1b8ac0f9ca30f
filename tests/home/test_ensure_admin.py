import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def ensure_admin():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_first_run_prints_a_generated_password_then_nothing_secret():
    first = ensure_admin()
    password = re.search(r"password:\s+(\S+)", first).group(1)
    assert "user name: admin" in first
    assert len(password) >= 12
    user = authenticate(username="admin", password=password)
    assert user is not None and user.is_superuser

    second = ensure_admin()
    assert password not in second
    assert "password" not in second.lower()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_passwords_differ_between_installs():
    first = re.search(r"password:\s+(\S+)", ensure_admin()).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password:\s+(\S+)", ensure_admin()).group(1)
    assert first != second
