"""Whatever a visitor types, every search box answers 200: the site search and the resources library's
keywords, with the syntax characters of the full-text backends (SQLite FTS5, PostgreSQL tsquery)."""

import pytest

from tests.home.factories import StandardPageFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

# Characters and words that mean something to a full-text query parser, and text no parser expects.
SEARCH_SYNTAX = [
    '"',
    'a"b',
    '"unterminated',
    "'",
    "it's",
    "*",
    "expen*",
    "-",
    "-expenses",
    "expenses -policy",
    "+expenses",
    ":",
    "title:expenses",
    "a:b:c",
    "(",
    ")",
    "(expenses",
    "expenses)",
    "NEAR",
    "NEAR(expenses policy, 2)",
    "expenses NEAR policy",
    "AND",
    "OR",
    "NOT",
    "expenses AND",
    "OR expenses",
    "expenses AND OR NOT policy",
    "^expenses",
    "{expenses}",
    "[expenses]",
    "expenses & policy",
    "expenses | policy",
    "!expenses",
    "<->",
    "expenses <-> policy",
    "\\",
    "%",
    "_",
    "a\x00b",
    "\x00",
    "x" * 10_000,
    "expenses " * 2_000,
    "مصاريف المتطوعين",  # right-to-left
    "\u202eexpenses\u202c",  # right-to-left override
    "e\u0301xpenses",  # combining acute accent
    "Z" + "\u0351" * 500,  # a pile of combining marks
    "🎉",
    "\ufeff",
    "   ",
    "\t\n",
]


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
