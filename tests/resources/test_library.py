"""The resources library: filters, keyword search, pagination, accessible form, constant query count."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import RESULTS_PER_PAGE

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [resource.title for resource in response.context["resources"]]


@pytest.fixture
def catalogue(library):
    """Four resources covering each audience and a few topics."""
    return {
        "compact": ResourcePageFactory(
            parent=library,
            title="The Westshire Compact",
            summary="How public bodies and charities work together.",
            date=datetime.date(2026, 4, 1),
            for_public_sector=True,
            for_voluntary_sector=True,
            for_community_groups=True,
            topics=["partnership"],
        ),
        "grants": ResourcePageFactory(
            parent=library,
            title="Small grants guide",
            summary="Money for community activity.",
            date=datetime.date(2026, 6, 2),
            for_community_groups=True,
            topics=["funding"],
        ),
        "commissioning": ResourcePageFactory(
            parent=library,
            title="Commissioning guide",
            summary="Contracts that small charities can win.",
            date=datetime.date(2026, 2, 20),
            for_public_sector=True,
            topics=["funding", "commissioning"],
        ),
        "meetings": ResourcePageFactory(
            parent=library,
            title="Accessible meetings",
            summary="Open meetings up to everyone.",
            date=datetime.date(2026, 8, 19),
            body=[{"type": "paragraph", "value": "<p>Always use a microphone and switch on captions.</p>"}],
            link_url="",
            topics=["accessibility"],
        ),
    }


def test_lists_live_resources_newest_first(client, library, catalogue):
    draft = ResourcePageFactory(parent=library, title="Unpublished draft")
    draft.unpublish()

    response = client.get(library.url)

    assert response.status_code == 200
    assert titles(response) == [
        "Accessible meetings",
        "Small grants guide",
        "The Westshire Compact",
        "Commissioning guide",
    ]
    html = response.content.decode()
    assert "4 resources in the library." in html
    assert "Unpublished draft" not in html


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        # "Accessible meetings" has no audience ticked: it is for everyone, so every audience sees it.
        ("public-sector", {"The Westshire Compact", "Commissioning guide", "Accessible meetings"}),
        ("voluntary-sector", {"The Westshire Compact", "Accessible meetings"}),
        ("community-groups", {"The Westshire Compact", "Small grants guide", "Accessible meetings"}),
    ],
)
def test_filter_by_audience_keeps_resources_for_everyone(client, library, catalogue, audience, expected):
    response = client.get(library.url, {"audience": audience})
    assert set(titles(response)) == expected


def test_keyword_search_within_an_audience_finds_resources_for_everyone(client, library, catalogue):
    response = client.get(library.url, {"q": "microphone", "audience": "public-sector"})
    assert titles(response) == ["Accessible meetings"]


def test_filter_by_topic(client, library, catalogue):
    response = client.get(library.url, {"topic": "funding"})
    assert titles(response) == ["Small grants guide", "Commissioning guide"]
    html = response.content.decode()
    assert "2 resources match your search" in html
    assert '<option value="funding" selected>Funding</option>' in html  # the shared topic's name


def test_topic_choices_are_the_shared_topics_in_use(client, library, catalogue):
    form = client.get(library.url).context["filter_form"]
    assert [value for value, _label in form.fields["topic"].choices] == [
        "",
        "accessibility",
        "commissioning",
        "funding",
        "partnership",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Compact", ["The Westshire Compact"]),  # title
        ("contracts", ["Commissioning guide"]),  # summary
        ("microphone", ["Accessible meetings"]),  # body
        ("commissioning", ["Commissioning guide"]),  # title and tag
        ("nothing-like-this", []),
    ],
)
def test_keyword_search(client, library, catalogue, query, expected):
    response = client.get(library.url, {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected


def test_search_and_filters_combine(client, library, catalogue):
    response = client.get(library.url, {"q": "guide", "topic": "funding", "audience": "public-sector"})
    assert titles(response) == ["Commissioning guide"]
    assert "1 resource matches your search" in response.content.decode()


def test_no_results_says_so_and_offers_to_clear(client, library, catalogue):
    html = client.get(library.url, {"topic": "funding", "audience": "voluntary-sector"}).content.decode()
    assert "0 resources match your search" in html
    assert "clear the filters" in html


def test_unknown_filter_values_are_ignored_not_errors(client, library, catalogue):
    response = client.get(library.url, {"audience": "aliens", "topic": "no-such-topic", "page": "x"})
    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_resources_of_another_library_stay_out(client, home, library, catalogue):
    other_home = wagtail_factories.PageFactory(parent=home.get_parent(), title="Other site", slug="other")
    assert other_home  # a second tree: its pages are not children of this library
    response = client.get(library.url)
    assert len(titles(response)) == 4


def test_filter_form_is_accessible(client, library, catalogue):
    html = client.get(library.url).content.decode()
    assert '<form class="filters" method="get"' in html
    assert "<fieldset>" in html and "<legend>Find a resource</legend>" in html
    for field in ("q", "audience", "topic"):
        assert f'<label for="id_{field}">' in html
    assert 'type="search" name="q"' in html
    assert 'role="status"' in html  # the result count is announced


def test_pagination_keeps_filters(client, library):
    for number in range(RESULTS_PER_PAGE * 2 + 3):
        ResourcePageFactory(parent=library, for_public_sector=True, title=f"Guide {number:02d}")

    first = client.get(library.url, {"audience": "public-sector"})
    last = client.get(library.url, {"audience": "public-sector", "page": 3})
    beyond = client.get(library.url, {"audience": "public-sector", "page": 99})

    assert len(titles(first)) == RESULTS_PER_PAGE
    assert len(titles(last)) == 3
    assert titles(beyond) == titles(last)
    html = first.content.decode()
    assert 'href="?audience=public-sector&amp;page=2" rel="next"' in html
    assert "Page 1 of 3" in html
    assert "showing 1–12" in html
    assert ", page 3" in last.content.decode().split("</title>")[0]


def count_queries(client, url, params):
    client.get(url, params)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), len(titles(response))


def make_resources(library, first, last, document):
    for number in range(first, last):
        ResourcePageFactory(
            parent=library,
            title=f"Partnership guide {number}",
            summary="A guide to partnership working.",
            document=document if number % 2 else None,
            for_voluntary_sector=True,
            topics=["partnership", f"topic-{number % 4}"],
        )


@pytest.mark.parametrize(
    "params",
    [{}, {"audience": "voluntary-sector", "topic": "partnership"}, {"q": "partnership"}, {"page": 2}],
    ids=["plain", "filtered", "search", "page-2"],
)
def test_query_count_does_not_grow_with_the_library(client, library, params):
    document = wagtail_factories.DocumentFactory(title="Guide")
    make_resources(library, 0, 5, document)
    small_queries, small_shown = count_queries(client, library.url, params)

    make_resources(library, 5, 50, document)
    large_queries, large_shown = count_queries(client, library.url, params)

    assert large_shown > small_shown or params.get("page")
    assert large_queries == small_queries, f"{small_queries} queries for 5 resources, {large_queries} for 50"


def test_resource_page_shows_download_link_audience_and_topics(client, library):
    document = wagtail_factories.DocumentFactory(title="Compact (PDF)")
    resource = ResourcePageFactory(
        parent=library,
        title="The Westshire Compact",
        summary="Our shared agreement.",
        document=document,
        link_url="https://example.org/compact",
        link_text="Read it online",
        for_public_sector=True,
        for_community_groups=True,
        topics=["partnership"],
        date=datetime.date(2026, 4, 1),
    )

    response = client.get(resource.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The Westshire Compact</h1>" in html
    assert "Our shared agreement." in html
    assert f'href="{document.url}"' in html
    assert 'href="https://example.org/compact"' in html and "Read it online" in html
    assert '<time datetime="2026-04-01">1 April 2026</time>' in html
    assert "Public sector" in html and "Informal community groups" in html
    assert "Voluntary and community organisations" not in html
    assert 'href="/resources/?topic=partnership"' in html
    assert '<meta name="description" content="Our shared agreement.">' in html


def test_library_renders_intro_and_cards(client, library, catalogue):
    html = client.get(library.url).content.decode()
    assert "Toolkits and templates." in html
    assert '<a href="/resources/the-westshire-compact/">The Westshire Compact</a>' in html
    assert '<span class="badge">Everyone</span>' in html  # no audience ticked
