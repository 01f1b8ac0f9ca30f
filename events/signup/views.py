"""The public sign-up pages, reached through EventPage's routes: the form, and the cancel link.

As every public form: CSRF (Django's middleware and csrf_protect), a honeypot, rate limits per
browser (the signed participant cookie) and per address, size limits; a refused request stores
nothing. The pages are never cached, and never show anyone else's details: only counts of places.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal.public_input.gate import FormGate

from . import services
from .forms import SignupForm
from .tokens import InvalidToken, read_token

CLOSED_MESSAGE = _("This event is not taking sign-ups now.")


def _page(request, event, template, context, status=200):
    response = render(request, template, {"page": event, **context}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@csrf_protect
def signup(request, event):
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    template = "events/signup/form.html"
    # The page may be the event's Welsh or Arabic translation: places are the original's.
    source = services.source_event(event)
    context = {"places_left": services.places_left(source), "open": source.signup_open()}
    form = SignupForm(request.POST if request.method == "POST" else None, max_places=services.max_places())
    reading = request.method in ("GET", "HEAD")
    if reading or not context["open"]:
        status = 200 if reading else 403
        refusal = "" if context["open"] else CLOSED_MESSAGE
        return _page(
            request,
            event,
            template,
            {**context, "form": SignupForm(max_places=services.max_places()), "refusal": refusal},
            status,
        )
    gate = FormGate(
        request,
        "signup",
        ("EVENT_SIGNUP_RATE_PER_BROWSER", (5, 3600)),
        ("EVENT_SIGNUP_RATE_PER_ADDRESS", (30, 3600)),
    )
    refusal = gate.check(form)
    if refusal:
        page = _page(request, event, template, {**context, "form": form, "refusal": refusal.message}, refusal.status)
        return refusal.applied_to(page)
    if not form.is_valid():
        return _page(request, event, template, {**context, "form": form}, 400)
    data = form.cleaned_data
    registration = services.register(
        source, data["name"], data["email"], data["places"], data.get("accessibility_needs", "")
    )
    return gate.remember(_page(request, event, "events/signup/done.html", {"registration": registration}))


@never_cache
def cancel(request, event, token):
    try:
        cancel_request = read_token(token)
    except InvalidToken:
        return _page(request, event, "events/signup/cancel.html", {"outcome": "invalid"}, 400)
    # A GET only shows a button: mail scanners open links, and must not cancel anyone's place.
    if request.method in ("GET", "HEAD"):
        return _page(request, event, "events/signup/cancel.html", {"outcome": "ask", "token": token})
    if request.method != "POST":
        raise Http404
    outcome = services.cancel(services.source_event(event), cancel_request.pk, cancel_request.email)
    status = 404 if outcome == services.CancelOutcome.GONE else 200
    return _page(request, event, "events/signup/cancel.html", {"outcome": outcome}, status)
