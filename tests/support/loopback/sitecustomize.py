"""Installs the loopback-only guard in a Python process started by a test (tests/conftest.py puts
this folder on PYTHONPATH and sets PORTAL_LOOPBACK_ONLY=1 for the whole run)."""

import os

if os.environ.get("PORTAL_LOOPBACK_ONLY") == "1":
    import loopback_guard

    loopback_guard.install()
