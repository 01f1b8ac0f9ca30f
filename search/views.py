"""The site search: `?query=` (the header's and this page's form) or `?q=` (the resources library's
name, and what people type by hand) over every live public page."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from portal.public_input.text import clean_text
from search.results import shown

MAX_QUERY_CHARACTERS = 200


@require_safe
def search(request):
    typed = request.GET.get("query") or request.GET.get("q") or ""
    query = clean_text(typed)[:MAX_QUERY_CHARACTERS].strip()
    results = Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    context = {"search_query": query, "search_results": page, "results_shown": shown(page, query)}
    return TemplateResponse(request, "search/search.html", context)
