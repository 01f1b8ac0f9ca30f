"""English formats: Django's British English ones (see portal/formats/__init__.py)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
