"""Every query parameter of every public URL, tried with the hostile corpus's query texts
(tests/reliability/hostile/search.json): never a 5xx, never a traceback. The URLs are discovered
(tests/portal/routes.py) and so are their parameters: the names in each page's GET forms and in its
links' query strings, and the names its view or page model reads from `request.GET`. A new page,
form field or parameter is covered without new test code. In the reliability suite: some 1,300
requests, each rendering a page."""

import inspect
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve
from wagtail.models import Page

from tests.portal.routes import one_of_everything

from .hostile import query_texts

pytestmark = [pytest.mark.reliability, pytest.mark.django_db, pytest.mark.timeout(600)]

READS = re.compile(r"""GET\.get\(\s*["'](\w+)["']|GET\[\s*["'](\w+)["']\]|\(request,\s*["'](\w+)["']""")


class Parameters(HTMLParser):
    """Names a visitor can send to `path`: GET forms' fields and links' query keys."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.names = set()
        self.in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # The header's search form on every page sends to /search/, not to the page itself.
            action = urlsplit(attrs.get("action") or "").path
            self.in_get_form = (attrs.get("method") or "get").lower() == "get" and action in ("", self.path)
        elif tag in ("input", "select", "textarea") and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            href = urlsplit(attrs["href"])
            if href.path in ("", self.path):
                self.names.update(name for name, _ in parse_qsl(href.query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def names_read_by_code(path, pages):
    """What the view (or, for a Wagtail page, its page model) reads from the query string."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return set()
    sources = [inspect.getmodule(inspect.unwrap(match.func))]
    if path in pages:
        sources.append(inspect.getmodule(type(pages[path])))
    found = set()
    for module in filter(None, sources):
        found.update(name for groups in READS.findall(inspect.getsource(module)) for name in groups if name)
    return found


def test_every_query_parameter_of_every_public_url_takes_any_text(client, home):
    client.raise_request_exception = False
    paths = sorted(set(one_of_everything(home)) | {"/search/"})
    pages = {page.url: page for page in Page.objects.live().specific()}
    pairs = []
    for path in paths:
        page = client.get(path)
        parser = Parameters(path)
        if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
            parser.feed(page.content.decode())
        for name in sorted(parser.names | names_read_by_code(path, pages)):
            pairs.append((path, name))
    # The site search, the resources library's filters and the wall API's cursor are among them.
    names = {name for _, name in pairs}
    assert {"query", "q", "page", "audience", "topic", "after", "limit"} <= names, names
    problems = []
    for path, name in pairs:
        for text in query_texts():
            response = client.get(path, {name: text})
            body = response.content.decode(errors="replace")
            if response.status_code >= 500 or "Traceback" in body:
                problems.append(f"{path}?{name}={text[:40]!r}: {response.status_code}")
    assert not problems, "\n".join(problems[:40])
