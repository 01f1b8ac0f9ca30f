"""What a server process does once Django and the application are loaded, before the first request."""

import gc

from django.urls import get_resolver

# CPython's default (700, 10, 10) runs a young collection every 700 allocations. A broadcast to a
# thousand sockets allocates far more than that while its frames are in flight, so those short-lived
# objects were promoted to the oldest generation and soon forced full collections. Measured with
# 1,000 viewers (bench/wall_fanout.py): full-collection stalls of up to 240 ms with the defaults,
# none while posts flowed with these values, young collections under 7 ms.
GC_THRESHOLDS = (10_000, 50, 10)


def freeze_startup_heap():
    """Take what start-up loaded (Django, Wagtail, our modules: ~200,000 objects that live as long
    as the process) out of the collector's reach, as CPython's docs advise for servers, and widen
    the young generation. Every full collection then walks only what came later."""
    get_resolver().url_patterns  # noqa: B018 - import every view module now, not on the first request
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
