"""What a page makes a browser load: every resource address in its HTML, and those on other hosts.

A resource is anything fetched without a click: `src`, `srcset`, `poster`, `<object data>`, and the
`href` of every element but `<a>` (stylesheets, icons, preloads). An `<a>` is a link a person may
follow, not a request the page makes.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

RESOURCE_ATTRIBUTES = {"src", "poster", "data"}


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in RESOURCE_ATTRIBUTES and not (name == "data" and tag != "object"):
                self.addresses.append(value)
            elif name == "srcset":
                self.addresses += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "href" and tag != "a":
                self.addresses.append(value)

    handle_startendtag = handle_starttag


def resource_addresses(html):
    parser = _Resources()
    parser.feed(html)
    parser.close()
    return parser.addresses


def third_party_resources(html, portal_hosts=("testserver",)):
    """The resource addresses of `html` that a browser would fetch from a host other than the portal."""
    outside = []
    for address in resource_addresses(html):
        parts = urlsplit(address.strip())
        if parts.scheme in ("data", "blob"):
            continue
        if parts.netloc and parts.hostname not in portal_hosts:
            outside.append(address)
    return outside
