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

from portal.public_input import browser as browser_id
from portal.public_input import ratelimit

from . import services
from .forms import ProposalForm

RATE_LIMITED_MESSAGE = "You have sent several forms in a short time. Please wait a while and try again."
BOT_MESSAGE = "Your form could not be sent. Please try again."
TEMPLATE = "events/proposals/form.html"


def _page(request, index, template, context, status=200):
    response = render(request, template, {"page": index, **context}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _limiters(request):
    browser, is_new = browser_id.ensure_participant_id(request)
    return (
        browser,
        is_new,
        (
            ratelimit.RateLimiter(
                "propose-browser", browser, ratelimit.Limit.from_setting("EVENT_PROPOSAL_RATE_PER_BROWSER", (3, 3600))
            ),
            ratelimit.RateLimiter(
                "propose-address",
                ratelimit.client_address(request),
                ratelimit.Limit.from_setting("EVENT_PROPOSAL_RATE_PER_ADDRESS", (20, 3600)),
            ),
        ),
    )


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
    if request.method == "GET":
        return _page(request, index, TEMPLATE, {"form": ProposalForm()})
    if request.method != "POST":
        raise Http404
    form = ProposalForm(request.POST)
    browser, is_new, limiters = _limiters(request)
    if any(limiter.is_limited() for limiter in limiters):
        response = _page(request, index, TEMPLATE, {"form": form, "refusal": RATE_LIMITED_MESSAGE}, 429)
        response["Retry-After"] = str(max(limiter.retry_after() for limiter in limiters))
        return response
    for limiter in limiters:
        limiter.hit()
    if form.is_bot():
        return _page(request, index, TEMPLATE, {"form": form, "refusal": BOT_MESSAGE}, 400)
    if not form.is_valid():
        return _page(request, index, TEMPLATE, {"form": form}, 400)
    page = services.draft_page(form.cleaned_data)
    if _model_errors(form, page):
        return _page(request, index, TEMPLATE, {"form": form}, 400)
    services.propose(index, page, form.cleaned_data)
    response = _page(request, index, "events/proposals/sent.html", {})
    if is_new:
        browser_id.remember_participant(response, browser)
    return response
