"""`make run`: the embedded set-up a small group runs on a venue laptop (SQLite, the in-memory
channel layer, the poller inside the server), as visitors see it.

DEBUG is off, so a mistyped address gets the designed 404 page (not Django's list of every URL
pattern) and an error the designed 500 page (never a traceback, the settings or a file path).
Static files are served by WhiteNoise straight from the apps' folders (no collectstatic step);
uploaded media by portal/urls.py. Developers who want Django's debug pages run `make dev`
(portal.settings.dev). The secret key is dev's: generated once into the git-ignored .secret_key.
"""

from .dev import *  # noqa: F403

DEBUG = False
WHITENOISE_USE_FINDERS = True
