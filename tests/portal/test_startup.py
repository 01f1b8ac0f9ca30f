"""Server processes load the ASGI application once; it leaves the start-up heap frozen and the
collector tuned, so full collections do not stall a thousand wall sockets."""

import gc

from portal import asgi  # noqa: F401 - importing it is what a server process does
from portal.startup import GC_THRESHOLDS


def test_loading_the_asgi_application_freezes_the_start_up_heap():
    assert gc.get_freeze_count() > 50_000  # Django, Wagtail and the portal's modules
    assert gc.get_threshold() == GC_THRESHOLDS
