"""The HTTP methods public pages state (Wagtail's `Page.allowed_http_methods`; function views use
django.views.decorators.http.require_safe or require_http_methods). Wagtail's default also takes
PUT, PATCH, DELETE and OPTIONS, which no public page of the portal handles: any method a page does
not state is answered 405 with an Allow header (tests/portal/test_http_methods.py)."""

from http import HTTPMethod

# Reading: HEAD wherever GET (servers and monitors use it).
READ = [HTTPMethod.GET, HTTPMethod.HEAD]
# Reading, and a form that posts back to the page's own routes.
READ_AND_POST = [*READ, HTTPMethod.POST]
