"""Fair screen time: the remote share and the per-author cap hold over long random sequences."""

from hypothesis import given, settings
from hypothesis import strategies as st

from livewall.stream.fairness import author_key, fair_order

ATTENDING = st.sampled_from(["remote", "in_room", ""])
AUTHORS = st.sampled_from(["", "ana", "ben", "chi", "dee", "eve"])


@st.composite
def walls_of_posts(draw):
    attending = draw(st.lists(ATTENDING, max_size=200))
    authors = draw(st.lists(AUTHORS, min_size=len(attending), max_size=len(attending)))
    return [
        {"id": n, "source": "contribution", "author_name": author, "author_handle": "", "attending": where}
        for n, (where, author) in enumerate(zip(attending, authors, strict=True))
    ]


def capped(posts, cap):
    counts, kept = {}, []
    for post in posts:
        key = author_key(post)
        if cap and key:
            counts[key] = counts.get(key, 0) + 1
            if counts[key] > cap:
                continue
        kept.append(post)
    return kept


@settings(max_examples=300, deadline=None)
@given(walls_of_posts(), st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=5))
def test_every_run_of_n_has_a_remote_post_while_any_is_left(posts, remote_every, cap):
    shown = fair_order(posts, remote_every, cap)
    eligible = capped(posts, cap)
    # Nothing invented, nothing lost but what the cap leaves out.
    assert sorted(post["id"] for post in shown) == sorted(post["id"] for post in eligible)
    if remote_every < 2:
        assert shown == eligible
        return
    remote_ids = {post["id"] for post in eligible if post["attending"] == "remote"}
    run = 0
    for index, post in enumerate(shown):
        run = 0 if post["attending"] == "remote" else run + 1
        if run >= remote_every:
            # A run this long only once every remote post has been shown.
            shown_so_far = {earlier["id"] for earlier in shown[:index]}
            assert remote_ids <= shown_so_far, (index, remote_every)


@settings(max_examples=200, deadline=None)
@given(walls_of_posts(), st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=60))
def test_no_author_over_the_cap_and_anonymous_posts_are_never_capped(posts, cap, size):
    shown = fair_order(posts, 3, cap, size)
    assert len(shown) == min(size, len(capped(posts, cap)))
    counts = {}
    for post in shown:
        key = author_key(post)
        counts[key] = counts.get(key, 0) + 1
    assert all(count <= cap for key, count in counts.items() if key)
    everything = fair_order(posts, 3, cap)
    anonymous = {post["id"] for post in posts if not author_key(post)}
    assert anonymous <= {post["id"] for post in everything}


def test_newest_first_unless_the_remote_share_needs_a_slot():
    posts = [{"id": n, "source": "x", "author_name": f"a{n}", "attending": where} for n, where in enumerate("RRRRRM")]
    for post in posts:
        post["attending"] = "remote" if post["attending"] == "M" else "in_room"
    assert [post["id"] for post in fair_order(posts, 3, 0)] == [0, 1, 5, 2, 3, 4]
    assert [post["id"] for post in fair_order(posts, 0, 0)] == [0, 1, 2, 3, 4, 5]
