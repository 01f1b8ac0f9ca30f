"""Whatever a visitor types, every search box answers 200: the site search and the resources library's
keywords, with the syntax characters of the full-text backends (SQLite FTS5, PostgreSQL tsquery)."""

import pytest

from tests.home.factories import StandardPageFactory
from tests.reliability.hostile import query_texts
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

# Characters and words that mean something to a full-text query parser, and text no parser expects:
# the hostile corpus's query texts (tests/reliability/hostile/search.json).
SEARCH_SYNTAX = query_texts()


@pytest.fixture
def corpus(home):
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library, title="Volunteer expenses policy", summary="Paying volunteers back fairly.")
    StandardPageFactory(parent=home, title="About the partnership")
    return library


def assert_answers_search(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "Traceback" not in html


@pytest.mark.parametrize("text", SEARCH_SYNTAX, ids=range(len(SEARCH_SYNTAX)))
def test_site_search_answers_any_text(client, corpus, text):
    for name in ("query", "q"):
        assert_answers_search(client.get("/search/", {name: text}))


@pytest.mark.parametrize("text", SEARCH_SYNTAX, ids=range(len(SEARCH_SYNTAX)))
def test_resources_keywords_answer_any_text(client, corpus, text):
    assert_answers_search(client.get(corpus.url, {"q": text}))


def test_words_around_syntax_still_find_the_page(client, corpus):
    for text in ('"expenses"', "expenses*", "(volunteer expenses)", "expenses:", "VOLUNTEER, Expenses!"):
        html = client.get("/search/", {"query": text}).content.decode()
        assert "Volunteer expenses policy" in html, text
        html = client.get(corpus.url, {"q": text}).content.decode()
        assert "Volunteer expenses policy" in html, text
