"""Local development: DEBUG on, a secret key generated once and kept in an ignored file."""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True


def _local_secret_key():
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
