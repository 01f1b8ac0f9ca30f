"""The search backend of every search box (the site search, the resources library, the admin):
Wagtail's database backend for whichever database is in use, taking a visitor's text as words
(search.terms), never as the backend's query language. Named in WAGTAILSEARCH_BACKENDS."""

from functools import cache

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

from search.terms import search_terms


@cache
def _literal_words(backend_class):
    """`backend_class` with text queries reduced to their words (query objects pass unchanged)."""

    class LiteralWordsBackend(backend_class):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = search_terms(query)
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    LiteralWordsBackend.__name__ = f"LiteralWords{backend_class.__name__}"
    return LiteralWordsBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)
    backend.__class__ = _literal_words(type(backend))
    return backend
