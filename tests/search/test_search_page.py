"""The search results page: `?q=` and `?query=` both search, results are labelled in visitors'
words with a snippet showing the match, and the headings are in order (h1, h2, h3; no live-region
role on a heading)."""

import re

import pytest

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(
        parent=library,
        title="Volunteer policy",
        summary="How groups pay back volunteer expenses fairly, with a form to copy and a worked example.",
    )
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events, title="Expenses clinic", summary="Bring your receipts.")
    StandardPageFactory(parent=home, title="About expenses", introduction="Why we reimburse volunteers' expenses.")
    return home


def results(html):
    return re.findall(r'<li class="search-result">(.*?)</li>', html, flags=re.S)


def test_q_and_query_both_search(client, site):
    by_query = client.get("/search/", {"query": "expenses"}).content.decode()
    by_q = client.get("/search/", {"q": "expenses"}).content.decode()
    assert len(results(by_query)) == 3
    assert results(by_q) == results(by_query)
    assert 'value="expenses"' in by_q  # the form shows what was searched


def test_results_are_labelled_in_visitors_words(client, site):
    html = client.get("/search/", {"query": "expenses"}).content.decode()
    labels = sorted(re.findall(r'<p class="meta search-kind">([^<]*)</p>', html))
    assert labels == ["Event", "Page", "Resource"]
    for internal in ("Standard page", "Event page", "Resource page"):
        assert internal not in html


def test_each_result_shows_a_snippet_with_the_match_marked(client, site):
    html = client.get("/search/", {"query": "expenses"}).content.decode()
    resource = next(item for item in results(html) if "Volunteer policy" in item)
    assert "pay back volunteer <mark>expenses</mark> fairly" in resource


def test_a_snippet_escapes_the_page_text(client, home):
    StandardPageFactory(parent=home, title="Markup", introduction="<b>bold</b> claims about expenses & more")
    html = client.get("/search/", {"query": "expenses"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; claims about <mark>expenses</mark> &amp; more" in html


def test_headings_are_in_order_and_none_is_a_live_region(client, site):
    html = client.get("/search/", {"query": "expenses"}).content.decode()
    main = html.split('id="main"', 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert not re.search(r"<h[1-6][^>]*role=", html)
