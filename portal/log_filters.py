"""Logging filters named in settings.LOGGING.

Django logs every refused suspicious request (a bad Host header, a path outside a static or media
folder, too many form fields, an oversized body) on `django.security.*` with its traceback: the
request was answered 400 as designed, and a traceback per probe would bury real errors. The
message stays; the traceback goes. May import: the standard library only.
"""

import logging


class WithoutTraceback(logging.Filter):
    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
