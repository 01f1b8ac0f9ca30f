"""Settings of the server process the reliability suite starts (uvicorn in a subprocess, as in production).

The test settings, plus: the secret key shared with the test process (so both can sign cookies),
no oEmbed look-ups (no network in tests), and the per-address contribution cap from the
environment: every simulated participant comes from 127.0.0.1, as a whole venue behind one Wi-Fi
address would. The per-participant limit stays as configured.
"""

import os

from portal.settings.test import *  # noqa: F403

SECRET_KEY = os.environ["RELIABILITY_SECRET_KEY"]
LIVEWALL_OEMBED_TIMEOUT = 0
LIVEWALL_RATE_PER_ADDRESS = (int(os.environ.get("RELIABILITY_RATE_PER_ADDRESS", "120")), 60)
if os.environ.get("RELIABILITY_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["RELIABILITY_MEDIA_ROOT"]
