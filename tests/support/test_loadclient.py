"""The load client's books, without sockets: what a viewer counts from the frames it receives."""

import json
import time

from tests.support.loadclient import Receipts, Viewer


def viewer(ledger):
    return Viewer(0, "ws://127.0.0.1:1/ws/walls/x/", "http://127.0.0.1:1", Receipts(10), ledger=ledger)


def event(seq, post_id, kind="published", text="hi"):
    return json.dumps({"type": "event", "seq": seq, "kind": kind, "post": {"id": post_id, "text": text}})


def test_ledger_keeps_the_books_of_a_screen():
    screen = viewer(ledger=True)
    screen.handle(json.dumps({"type": "snapshot", "seq": 2, "posts": [{"id": 1, "pinned": True}]}))
    screen.handle(event(3, 5))
    screen.handle(event(3, 5))  # sent twice
    screen.handle(event(5, 7))  # seq 4 never came
    screen.handle(event(6, 5, kind="removed"))
    screen.handle(json.dumps({"type": "error", "code": "rate_limited"}))

    books = screen.books()
    assert books["seq"] == 6
    assert books["display"] == [1, 7]
    assert books["published"] == [5, 7]
    assert books["stale"] == 1
    assert books["gaps"] == [[3, 5]]
    assert books["errors"] == ["rate_limited"]
    assert books["snapshots"] == 1


def test_both_modes_record_latency_and_duplicates_but_not_from_snapshots():
    now = time.time()
    for ledger in (True, False):
        screen = viewer(ledger)
        screen.handle(json.dumps({"type": "snapshot", "seq": 0, "posts": [{"id": 1, "text": f"bnch:1:{now:.6f}"}]}))
        screen.handle(event(1, 2, text=f"bnch:2:{now:.6f}"))
        screen.handle(event(1, 2, text=f"bnch:2:{now:.6f}"))
        assert screen.seq == 1
        assert (screen.receipts.received, screen.receipts.duplicates) == (1, 1), ledger
        assert screen.receipts.stats(0, 10)["delivered"] == 1
