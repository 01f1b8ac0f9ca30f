"""The loopback-only network guard of the test suite (installed by tests/conftest.py).

This folder is put on PYTHONPATH for the processes tests start, so its `sitecustomize.py` installs
the same guard in every Python child; `loopback_guard.py` imports nothing but the standard library.
"""
