"""Rate-limit windows for tests that count up to a limit.

The limiter's sliding window is weighed from two fixed windows, so a test whose posts straddle a
window's edge (a slow CI machine, a minute boundary) sees the earlier posts count for less and
one more post allowed. Tests that count to a limit start far enough from an edge instead.
"""

import time


def wait_for_room_in_window(seconds, needed):
    """Sleep, if need be, until at least `needed` seconds remain in the current `seconds` window."""
    left = seconds - (time.time() % seconds)
    if left < needed:
        time.sleep(left + 0.05)
