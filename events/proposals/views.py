"""The public "Add your event" page, reached through EventIndexPage's `propose/` route.

As every public form: CSRF, a honeypot, rate limits per browser and per address, size limits; a
refused request stores nothing. The event is checked by the page model's own rules (ends after it
starts, a venue for an in-person event, a link for an online one) and stays a draft until an editor
publishes it."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal.public_input.gate import FormGate

from . import services
from .forms import ProposalForm

TEMPLATE = "events/proposals/form.html"


def _page(request, index, template, context, status=200):
    response = render(request, template, {"page": index, **context}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _model_errors(form, page):
    """The page model's own rules, reported on the form's fields."""
    try:
        page.clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return True
    return False


@never_cache
@csrf_protect
def propose(request, index):
    if request.method in ("GET", "HEAD"):
        return _page(request, index, TEMPLATE, {"form": ProposalForm()})
    if request.method != "POST":
        raise Http404
    form = ProposalForm(request.POST)
    gate = FormGate(
        request,
        "propose",
        ("EVENT_PROPOSAL_RATE_PER_BROWSER", (3, 3600)),
        ("EVENT_PROPOSAL_RATE_PER_ADDRESS", (20, 3600)),
    )
    refusal = gate.check(form)
    if refusal:
        return refusal.applied_to(
            _page(request, index, TEMPLATE, {"form": form, "refusal": refusal.message}, refusal.status)
        )
    if not form.is_valid():
        return _page(request, index, TEMPLATE, {"form": form}, 400)
    page = services.draft_page(form.cleaned_data)
    if _model_errors(form, page):
        return _page(request, index, TEMPLATE, {"form": form}, 400)
    services.propose(index, page, form.cleaned_data)
    return gate.remember(_page(request, index, "events/proposals/sent.html", {}))
